import type { Message } from "@/db/schema";
import { customerMaySee } from "@/lib/conversations/customer-visibility";
import { chatChannel, conversationChannel, customerChannel, userChannel } from "@/lib/realtime/channels";
import {
  type CustomerNotice,
  type MessageNotice,
  previewOf,
  type RealtimeEvent,
} from "@/lib/realtime/events";

/** A person a message is for, as the in-app channel needs them (the author included). */
export type Recipient =
  | { kind: "user"; userId: string; muted: boolean; mentioned: boolean; paused: boolean; unreadCount: number }
  | { kind: "customer"; customerId: string };

/**
 * The in-app channel: the realtime events a new message causes, published after its commit. One
 * on the conversation's channel, and one on the user channel of every active team member taking
 * part, the author included (their other tabs move the conversation up too), with their unread
 * count, their mute (which a mention of them overrides) and their pause. A message a customer may see also goes, without team ids, to each customer taking
 * part: on their chat channel of this conversation and on their own channel. Any other never does.
 */
export function inAppEvents(
  message: Message,
  authorName: string,
  recipients: Recipient[],
  fileNames: string[] = [],
): RealtimeEvent[] {
  const notice: MessageNotice = {
    conversationId: message.conversationId,
    messageId: message.id,
    seq: message.seq,
    authorId: message.authorUserId ?? message.authorCustomerId,
    authorName,
    preview: previewOf(message.body, fileNames),
    system: message.authorKind === "system",
  };
  const forCustomers: CustomerNotice = {
    conversationId: notice.conversationId,
    messageId: notice.messageId,
    seq: notice.seq,
    authorName,
    preview: notice.preview,
  };
  const customers = customerMaySee(message)
    ? recipients.flatMap((recipient) => (recipient.kind === "customer" ? [recipient.customerId] : []))
    : [];
  return [
    { channel: conversationChannel(message.conversationId), name: "message.new", data: notice },
    ...recipients.flatMap((recipient): RealtimeEvent[] =>
      recipient.kind === "user"
        ? [
            {
              channel: userChannel(recipient.userId),
              name: "message.new",
              data: {
                ...notice,
                unreadCount: recipient.unreadCount,
                // A mention reaches through a mute, never through a pause (DELIVERY-RULES, Mention).
                ...(recipient.muted && !recipient.mentioned && { muted: true }),
                ...(recipient.mentioned && { mentioned: true }),
                ...(recipient.paused && { paused: true }),
              },
            },
          ]
        : [],
    ),
    ...customers.flatMap((customerId): RealtimeEvent[] => [
      { channel: chatChannel(message.conversationId, customerId), name: "message.new", data: forCustomers },
      { channel: customerChannel(customerId), name: "message.new", data: forCustomers },
    ]),
  ];
}
