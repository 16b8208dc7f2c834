"use client";

import clsx from "clsx";
import { Send } from "lucide-react";
import { useRouter } from "next/navigation";
import { useLayoutEffect, useRef, useState } from "react";
import {
  listChatMessagesSinceAction,
  markChatReadAction,
  sendChatMessageAction,
} from "@/app/chat/[slug]/actions";
import { MessageInput } from "@/components/messenger/message-input";
import { useChannel } from "@/components/realtime/realtime-provider";
import { useLiveThread, useMarkReadWhenVisible } from "@/components/realtime/use-live-thread";
import { SendStatus, usePendingSends } from "@/components/realtime/use-pending-sends";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { ThreadMessage } from "@/lib/conversations/list-messages";
import { characterCount, MAX_MESSAGE_LENGTH } from "@/lib/conversations/message-body";
import { formatClock } from "@/lib/format-time";
import type { CustomerNotice } from "@/lib/realtime/events";
import { isPanelOpen, onPanelChange } from "./embed-bridge";

/**
 * A customer's conversation on the chat page: the team's replies arrive live on the customer's
 * own channel, and count as seen only while the page is visible.
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
  const { messages, newestSeq, newest, catchUp } = useLiveThread({
    initial: initialMessages,
    fetchSince: async (afterSeq) => {
      const result = await listChatMessagesSinceAction({ conversationId, afterSeq });
      return result.ok ? result.data : null;
    },
  });
  useChannel(channel, {
    onEvent(name, data) {
      if (name === "message.new" && (data as CustomerNotice).seq > newest.current) void catchUp();
    },
    onResync: () => void catchUp(),
  });
  useMarkReadWhenVisible({
    newestSeq,
    lastReadSeq,
    markRead: (seq) => markChatReadAction({ conversationId, seq }),
    shown: { isShown: isPanelOpen, onChange: onPanelChange },
  });
  const { pending, deliver, sendNew } = usePendingSends({
    storedClientIds: new Set(messages.map((message) => message.clientMessageId)),
    send: async (item) => {
      const result = await sendChatMessageAction({
        conversationId,
        body: item.body,
        clientMessageId: item.clientMessageId,
      });
      if (result.ok) {
        await catchUp();
        // A reply reopens a closed conversation: the banner goes.
        if (closed) router.refresh();
      }
      return result;
    },
  });
  const [draft, setDraft] = useState("");
  const scroller = useRef<HTMLDivElement>(null);
  const timeZone = useHydrated() ? undefined : "UTC";

  const count = messages.length + pending.length;
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && count >= 0) element.scrollTop = element.scrollHeight;
  }, [count]);

  const submit = () => {
    if (!draft.trim() || characterCount(draft) > MAX_MESSAGE_LENGTH) return;
    sendNew(draft);
    setDraft("");
  };

  return (
    <>
      <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto px-4 py-4">
        {hasEarlier && (
          <p className="mb-4 text-center text-xs text-slate-500">Showing the most recent messages.</p>
        )}
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
      </div>
      {closed && (
        <p className="border-t border-slate-200 bg-slate-50 px-4 py-2 text-xs text-slate-600">
          This conversation was closed. Write a reply to reopen it.
        </p>
      )}
      <form
        className="flex items-end gap-2 border-t border-slate-200 bg-white px-3 pb-3 pt-2"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <MessageInput value={draft} onChange={setDraft} onSubmit={submit} placeholder="Write a reply…" />
        <Button type="submit" disabled={!draft.trim() || characterCount(draft) > MAX_MESSAGE_LENGTH}>
          <Send aria-hidden="true" className="size-4" />
          Send
        </Button>
      </form>
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
