"use client";

import clsx from "clsx";
import { RotateCw, Send } from "lucide-react";
import { Fragment, type ReactNode, useLayoutEffect, useRef, useState } from "react";
import { sendMessageAction } from "@/app/(app)/messenger/actions";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import { newClientId } from "@/lib/client-id";
import type { ConversationMessage } from "@/lib/conversations/get-conversation";
import { characterCount, MAX_MESSAGE_LENGTH } from "@/lib/conversations/message-body";
import { formatClock, formatDay } from "@/lib/format-time";
import { MessageInput } from "./message-input";
import { useLiveMessages, useMarkRead } from "./use-live-messages";

type Pending = { clientMessageId: string; body: string; status: "sending" | "failed"; error?: string };

// Messages from one author less than five minutes apart share one header.
const GROUP_GAP_MS = 5 * 60 * 1000;

/**
 * The messages, grouped by author with day dividers and system lines, and the reply box.
 * Sends show at once as "Sending…"; a failed send keeps its text and offers Retry with the same
 * client message id, so a retry never stores the message twice.
 */
export function Thread({
  conversationId,
  initialMessages,
  hasEarlier,
  meId,
  lastReadSeq,
}: {
  conversationId: string;
  initialMessages: ConversationMessage[];
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
  const [pending, setPending] = useState<Pending[]>([]);
  const scroller = useRef<HTMLDivElement>(null);
  const hydrated = useHydrated();
  const timeZone = hydrated ? undefined : "UTC";

  // Once the server's list holds a pending message, the optimistic copy goes.
  const stored = new Set(messages.map((message) => message.clientMessageId));
  const shownPending = pending.filter((p) => !stored.has(p.clientMessageId));

  const count = messages.length + shownPending.length;
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && count >= 0) element.scrollTop = element.scrollHeight;
  }, [count]);

  const deliver = async (item: Pending) => {
    setPending((list) => [
      ...list.filter((p) => p.clientMessageId !== item.clientMessageId),
      { ...item, status: "sending" },
    ]);
    const result = await sendMessageAction({
      conversationId,
      body: item.body,
      clientMessageId: item.clientMessageId,
    }).catch(() => ({ ok: false as const, message: "Could not reach the server." }));
    if (result.ok) await catchUp();
    else
      setPending((list) =>
        list.map((p) =>
          p.clientMessageId === item.clientMessageId ? { ...p, status: "failed", error: result.message } : p,
        ),
      );
  };

  const submit = () => {
    if (!draft.trim() || characterCount(draft) > MAX_MESSAGE_LENGTH) return;
    void deliver({ clientMessageId: newClientId(), body: draft, status: "sending" });
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
                    mine={message.author?.id === meId}
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
              status={
                item.status === "sending" ? (
                  <span className="text-slate-500">Sending…</span>
                ) : (
                  <span className="flex items-center gap-2 text-red-700">
                    Not sent{item.error ? `: ${item.error}` : ""}
                    <button
                      type="button"
                      onClick={() => void deliver(item)}
                      className="inline-flex items-center gap-1 font-medium underline"
                    >
                      <RotateCw aria-hidden="true" className="size-3" />
                      Retry
                    </button>
                  </span>
                )
              }
            />
          ))}
        </ol>
      </div>
      {/* Always takes its line, so the thread does not jump when someone starts typing. */}
      <p aria-live="polite" className="h-5 shrink-0 px-4 text-xs italic text-slate-600">
        {typingName ? `${typingName} is typing…` : ""}
      </p>
      <form
        className="flex items-end gap-2 border-t border-slate-200 px-3 pb-3 pt-2"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <MessageInput
          value={draft}
          onChange={(value) => {
            setDraft(value);
            if (value.trim()) announceTyping();
          }}
          onSubmit={submit}
          placeholder="Write a reply…  (Shift+Enter for a new line)"
        />
        <Button type="submit" disabled={!draft.trim() || characterCount(draft) > MAX_MESSAGE_LENGTH}>
          <Send aria-hidden="true" className="size-4" />
          Send
        </Button>
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
  status,
}: {
  authorName: string;
  body: string;
  time?: string;
  dateTime?: string;
  startsGroup: boolean;
  mine: boolean;
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
        <p
          className={clsx(
            "whitespace-pre-wrap break-words text-sm text-slate-800 [overflow-wrap:anywhere]",
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
