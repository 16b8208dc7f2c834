"use client";

import clsx from "clsx";
import { useRouter } from "next/navigation";
import {
  listChatMessagesBeforeAction,
  listChatMessagesSinceAction,
  markChatReadAction,
  sendChatMessageAction,
} from "@/app/chat/[slug]/actions";
import { SendStatus } from "@/components/realtime/use-pending-sends";
import { Composer } from "@/components/thread/composer";
import { ThreadScroller } from "@/components/thread/thread-scroller";
import { useThread } from "@/components/thread/use-thread";
import { Avatar } from "@/components/ui/avatar";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { ThreadMessage } from "@/lib/conversations/list-messages";
import { formatClock } from "@/lib/format-time";
import { isPanelOpen, onPanelChange } from "./embed-bridge";

/**
 * A customer's conversation on the chat page, as bubbles: the team's replies arrive live on the
 * customer's own channel, and count as seen only while the page is visible.
 */
export function ChatThread({
  conversationId,
  channel,
  initialMessages,
  hasEarlier,
  lastReadSeq,
  closed,
}: {
  conversationId: string;
  /** The conversation's public chat channel. */
  channel: string;
  initialMessages: ThreadMessage[];
  hasEarlier: boolean;
  lastReadSeq: number;
  closed: boolean;
}) {
  const router = useRouter();
  const { messages, earlier, pending, deliver, sendNew } = useThread({
    channel,
    initialMessages,
    hasEarlier,
    lastReadSeq,
    fetchSince: (afterSeq) => listChatMessagesSinceAction({ conversationId, afterSeq }),
    fetchBefore: (beforeSeq) => listChatMessagesBeforeAction({ conversationId, beforeSeq }),
    send: async (item) => {
      const result = await sendChatMessageAction({
        conversationId,
        body: item.body,
        clientMessageId: item.clientMessageId,
      });
      // A reply reopens a closed conversation: the banner goes.
      if (result.ok && closed) router.refresh();
      return result;
    },
    markRead: (seq) => markChatReadAction({ conversationId, seq }),
    shown: { isShown: isPanelOpen, onChange: onPanelChange },
  });
  const timeZone = useHydrated() ? undefined : "UTC";

  return (
    <>
      <ThreadScroller
        earlier={earlier}
        firstSeq={messages[0]?.seq}
        lastKey={pending.at(-1)?.clientMessageId ?? messages.at(-1)?.id}
        lastIsOwnSend={pending.length > 0}
      >
        <ol aria-label="Conversation history" className="space-y-3">
          {messages.map((message) => (
            <Bubble
              key={message.id}
              mine={message.mine}
              authorName={message.mine ? "You" : (message.author?.name ?? "Someone")}
              body={message.body}
              time={formatClock(message.createdAt, timeZone)}
              dateTime={message.createdAt.toISOString()}
            />
          ))}
          {pending.map((item) => (
            <Bubble
              key={item.clientMessageId}
              mine
              authorName="You"
              body={item.body}
              status={<SendStatus item={item} onRetry={() => void deliver(item)} />}
            />
          ))}
        </ol>
      </ThreadScroller>
      {closed && (
        <p className="border-t border-slate-200 bg-slate-50 px-4 py-2 text-xs text-slate-600">
          This conversation was closed. Write a reply to reopen it.
        </p>
      )}
      <Composer
        className="border-slate-200 bg-white"
        onSend={(body) => sendNew(body)}
        placeholder="Write a reply…"
      />
    </>
  );
}

function Bubble({
  mine,
  authorName,
  body,
  time,
  dateTime,
  status,
}: {
  mine: boolean;
  authorName: string;
  body: string;
  time?: string;
  dateTime?: string;
  status?: React.ReactNode;
}) {
  return (
    <li className={clsx("flex items-end gap-2", mine && "flex-row-reverse")}>
      {!mine && <Avatar name={authorName} size="sm" />}
      <div className={clsx("flex max-w-[80%] flex-col", mine ? "items-end" : "items-start")}>
        <span className="mb-0.5 text-xs text-slate-600">
          {authorName}
          {time && (
            <>
              {" · "}
              <time dateTime={dateTime}>{time}</time>
            </>
          )}
        </span>
        <p
          className={clsx(
            "whitespace-pre-wrap break-words rounded-2xl px-3 py-2 text-sm [overflow-wrap:anywhere]",
            mine ? "rounded-br-sm bg-brand-600 text-white" : "rounded-bl-sm bg-slate-100 text-slate-900",
            status && "opacity-70",
          )}
        >
          {body}
        </p>
        {status && <div className="mt-0.5 text-xs">{status}</div>}
      </div>
    </li>
  );
}
