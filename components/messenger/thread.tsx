"use client";

import clsx from "clsx";
import { Send } from "lucide-react";
import { Fragment, type ReactNode, useLayoutEffect, useRef, useState } from "react";
import { sendMessageAction } from "@/app/(app)/messenger/actions";
import { SendStatus, usePendingSends } from "@/components/realtime/use-pending-sends";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { ThreadMessage } from "@/lib/conversations/list-messages";
import { characterCount, MAX_MESSAGE_LENGTH } from "@/lib/conversations/message-body";
import { formatClock, formatDay } from "@/lib/format-time";
import { MessageInput } from "./message-input";
import { useLiveMessages, useMarkRead } from "./use-live-messages";

// Messages from one author less than five minutes apart share one header.
const GROUP_GAP_MS = 5 * 60 * 1000;

/**
 * The messages, grouped by author with day dividers and system lines, and the reply box.
 * Sends show at once as "Sending…"; a failed send keeps its text and offers Retry with the same
 * client message id, so a retry never stores the message twice.
 */
export function Thread({
  conversationId,
  kind,
  initialMessages,
  hasEarlier,
  meId,
  lastReadSeq,
}: {
  conversationId: string;
  kind: "internal" | "customer";
  initialMessages: ThreadMessage[];
  hasEarlier: boolean;
  meId: string;
  lastReadSeq: number;
}) {
  const { messages, newestSeq, typingName, catchUp, announceTyping } = useLiveMessages({
    conversationId,
    initial: initialMessages,
    meId,
  });
  useMarkRead({ conversationId, newestSeq, lastReadSeq });
  const [draft, setDraft] = useState("");
  // In a customer conversation: write an internal note, which customers never see.
  const [noteMode, setNoteMode] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  const hydrated = useHydrated();
  const timeZone = hydrated ? undefined : "UTC";
  const {
    pending: shownPending,
    deliver,
    sendNew,
  } = usePendingSends({
    storedClientIds: new Set(messages.map((message) => message.clientMessageId)),
    send: async (item) => {
      const result = await sendMessageAction({
        conversationId,
        body: item.body,
        clientMessageId: item.clientMessageId,
        visibility: item.internal ? "internal" : "public",
      });
      if (result.ok) await catchUp();
      return result;
    },
  });

  const note = kind === "customer" && noteMode;
  const count = messages.length + shownPending.length;
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && count >= 0) element.scrollTop = element.scrollHeight;
  }, [count]);

  const submit = () => {
    if (!draft.trim() || characterCount(draft) > MAX_MESSAGE_LENGTH) return;
    sendNew(draft, kind === "customer" && noteMode);
    setDraft("");
  };

  const now = new Date();
  return (
    <>
      <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto px-4 py-4 [overflow-anchor:auto]">
        {hasEarlier && (
          <p className="mb-4 text-center text-xs text-slate-500">Showing the most recent messages.</p>
        )}
        <ol aria-label="Conversation history" className="space-y-1">
          {messages.map((message, index) => {
            const previous = messages[index - 1];
            const newDay =
              !previous ||
              formatDay(previous.createdAt, now, timeZone) !== formatDay(message.createdAt, now, timeZone);
            const startsGroup =
              newDay ||
              !previous ||
              previous.kind === "system" ||
              previous.author?.id !== message.author?.id ||
              message.createdAt.getTime() - previous.createdAt.getTime() > GROUP_GAP_MS;
            return (
              <Fragment key={message.id}>
                {newDay && (
                  <li
                    aria-hidden="true"
                    className="flex items-center gap-3 py-3 text-xs font-medium text-slate-500"
                  >
                    <span className="h-px flex-1 bg-slate-200" />
                    {formatDay(message.createdAt, now, timeZone)}
                    <span className="h-px flex-1 bg-slate-200" />
                  </li>
                )}
                {message.kind === "system" ? (
                  <li className="py-2 text-center text-xs text-slate-600">
                    {message.body} ·{" "}
                    <time dateTime={message.createdAt.toISOString()}>
                      {formatClock(message.createdAt, timeZone)}
                    </time>
                  </li>
                ) : (
                  <MessageItem
                    authorName={message.author?.name ?? "Someone"}
                    body={message.body}
                    time={formatClock(message.createdAt, timeZone)}
                    dateTime={message.createdAt.toISOString()}
                    startsGroup={startsGroup}
                    mine={message.mine}
                    internal={message.internal}
                  />
                )}
              </Fragment>
            );
          })}
          {shownPending.map((item, index) => (
            <MessageItem
              key={item.clientMessageId}
              authorName="You"
              body={item.body}
              startsGroup={index === 0 && messages.at(-1)?.author?.id !== meId}
              mine
              internal={item.internal}
              status={<SendStatus item={item} onRetry={() => void deliver(item)} />}
            />
          ))}
        </ol>
      </div>
      {/* Always takes its line, so the thread does not jump when someone starts typing. */}
      <p aria-live="polite" className="h-5 shrink-0 px-4 text-xs italic text-slate-600">
        {typingName ? `${typingName} is typing…` : ""}
      </p>
      <form
        className={clsx(
          "border-t px-3 pb-3 pt-2",
          note ? "border-amber-300 bg-amber-50" : "border-slate-200",
        )}
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {kind === "customer" && (
          <label className="mb-2 flex w-fit cursor-pointer items-center gap-2 text-xs font-medium text-slate-700">
            <input
              type="checkbox"
              checked={noteMode}
              onChange={(event) => setNoteMode(event.target.checked)}
              className="size-4 accent-amber-600"
            />
            Internal note: only the team sees it
          </label>
        )}
        <div className="flex items-end gap-2">
          <MessageInput
            value={draft}
            onChange={(value) => {
              setDraft(value);
              if (value.trim()) announceTyping();
            }}
            onSubmit={submit}
            placeholder={
              note
                ? "Write an internal note…  customers never see it"
                : kind === "customer"
                  ? "Reply to the customer…  (Shift+Enter for a new line)"
                  : "Write a reply…  (Shift+Enter for a new line)"
            }
          />
          <Button type="submit" disabled={!draft.trim() || characterCount(draft) > MAX_MESSAGE_LENGTH}>
            <Send aria-hidden="true" className="size-4" />
            {note ? "Add note" : "Send"}
          </Button>
        </div>
      </form>
    </>
  );
}

function MessageItem({
  authorName,
  body,
  time,
  dateTime,
  startsGroup,
  mine,
  internal,
  status,
}: {
  authorName: string;
  body: string;
  time?: string;
  dateTime?: string;
  startsGroup: boolean;
  mine: boolean;
  internal?: boolean;
  status?: ReactNode;
}) {
  return (
    <li className={clsx("flex gap-3", startsGroup && "pt-3")}>
      <div className="w-9 shrink-0">{startsGroup && <Avatar name={authorName} />}</div>
      <div className="min-w-0 flex-1">
        <div className={clsx("flex items-baseline gap-2", !startsGroup && "sr-only")}>
          <span className="text-sm font-semibold text-slate-900">{authorName}</span>
          {time && (
            <time dateTime={dateTime} className="text-xs text-slate-500">
              {time}
            </time>
          )}
        </div>
        {internal && (
          <span className="mb-0.5 inline-block rounded bg-amber-100 px-1.5 text-[11px] font-semibold text-amber-900">
            Internal note
          </span>
        )}
        <p
          className={clsx(
            "whitespace-pre-wrap break-words text-sm text-slate-800 [overflow-wrap:anywhere]",
            internal && "rounded-md border-l-2 border-amber-400 bg-amber-50 px-2 py-1",
            mine && status && "opacity-70",
          )}
        >
          {body}
        </p>
        {status && <div className="mt-0.5 text-xs">{status}</div>}
      </div>
    </li>
  );
}
