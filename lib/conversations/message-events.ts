import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Message, participants, users } from "@/db/schema";
import { chatChannel, conversationChannel, customerChannel, userChannel } from "@/lib/realtime/channels";
import {
  type CustomerNotice,
  type MessageNotice,
  previewOf,
  type RealtimeEvent,
} from "@/lib/realtime/events";

/**
 * The notifications a new message causes, computed inside its transaction (so each person's
 * unread count matches the commit) and published after it: one on the conversation's channel,
 * and one on the user channel of every active participant, the author included (their other tabs
 * move the conversation up too). Deactivated members get nothing. A public message also goes,
 * without team ids, on the conversation's public chat channel and the customer channel of every
 * customer taking part; an internal one never does.
 */
export async function messageEvents(tx: Db, message: Message, authorName: string): Promise<RealtimeEvent[]> {
  const notice: MessageNotice = {
    conversationId: message.conversationId,
    messageId: message.id,
    seq: message.seq,
    authorId: message.authorUserId ?? message.authorCustomerId,
    authorName,
    preview: previewOf(message.body),
    system: message.authorKind === "system",
  };
  const forCustomers: CustomerNotice = {
    conversationId: notice.conversationId,
    messageId: notice.messageId,
    seq: notice.seq,
    authorName,
    preview: notice.preview,
  };
  const people = await tx
    .select({
      userId: participants.userId,
      muted: participants.muted,
      unreadCount: sql<number>`(
        select count(*)::int from participants mine
        where mine.user_id = ${participants.userId} and mine.workspace_id = ${participants.workspaceId}
          and mine.latest_seq > mine.last_read_seq)`,
    })
    .from(participants)
    .innerJoin(users, and(eq(users.id, participants.userId), isNull(users.deactivatedAt)))
    .where(eq(participants.conversationId, message.conversationId));
  const customers =
    message.visibility === "public" && message.authorKind !== "system"
      ? await tx
          .select({ customerId: participants.customerId })
          .from(participants)
          .where(
            and(eq(participants.conversationId, message.conversationId), isNotNull(participants.customerId)),
          )
      : [];
  return [
    { channel: conversationChannel(message.conversationId), name: "message.new", data: notice },
    ...people.map(
      (person): RealtimeEvent => ({
        channel: userChannel(person.userId as string),
        name: "message.new",
        data: { ...notice, unreadCount: person.unreadCount, ...(person.muted && { muted: true }) },
      }),
    ),
    ...(customers.length > 0
      ? [{ channel: chatChannel(message.conversationId), name: "message.new" as const, data: forCustomers }]
      : []),
    ...customers.map(
      (customer): RealtimeEvent => ({
        channel: customerChannel(customer.customerId as string),
        name: "message.new",
        data: forCustomers,
      }),
    ),
  ];
}
