"use client";

import clsx from "clsx";
import { useRouter } from "next/navigation";
import { Fragment, type ReactNode, useState } from "react";
import {
  listMessagesBeforeAction,
  listMessagesSinceAction,
  markReadAction,
  sendMessageAction,
} from "@/app/(app)/messenger/actions";
import { useOpenThread } from "@/components/realtime/open-thread";
import { SendStatus } from "@/components/realtime/use-pending-sends";
import { Composer } from "@/components/thread/composer";
import { ThreadScroller } from "@/components/thread/thread-scroller";
import { useThread } from "@/components/thread/use-thread";
import { Avatar } from "@/components/ui/avatar";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { ThreadMessage } from "@/lib/conversations/list-messages";
import { formatClock, formatDay } from "@/lib/format-time";
import type { Follower } from "@/lib/items/followers";
import { willNotify } from "@/lib/items/will-notify";
import { conversationChannel } from "@/lib/realtime/channels";
import { useTyping } from "./use-typing";

// Messages from one author less than five minutes apart share one header.
const GROUP_GAP_MS = 5 * 60 * 1000;

/**
 * A team member's open conversation: the messages, grouped by author with day dividers and system
 * lines, who is typing, and the reply box. In a thread with customers the reply box offers "Reply
 * to customer" or "Internal message", which customers never see. On an item's page, the box says
 * who the message will reach (`followers`).
 */
export function Thread({
  conversationId,
  kind,
  initialMessages,
  hasEarlier,
  meId,
  lastReadSeq,
  followers,
}: {
  conversationId: string;
  kind: "internal" | "customer";
  initialMessages: ThreadMessage[];
  hasEarlier: boolean;
  meId: string;
  lastReadSeq: number;
  followers?: Follower[];
}) {
  const router = useRouter();
  useOpenThread(conversationId);
  const { typingName, onEvent, onArrived, announceTyping } = useTyping({ conversationId, meId });
  const { messages, earlier, pending, deliver, sendNew } = useThread({
    channel: conversationChannel(conversationId),
    initialMessages,
    hasEarlier,
    lastReadSeq,
    fetchSince: (afterSeq) => listMessagesSinceAction({ conversationId, afterSeq }),
    fetchBefore: (beforeSeq) => listMessagesBeforeAction({ conversationId, beforeSeq }),
    send: (item) =>
      sendMessageAction({
        conversationId,
        body: item.body,
        clientMessageId: item.clientMessageId,
        visibility: item.internal ? "internal" : "public",
      }),
    // This tab's badge and list follow from the server, other tabs from the channel.
    markRead: async (seq) => {
      if ((await markReadAction({ conversationId, seq })).ok) router.refresh();
    },
    onEvent,
    onArrived,
  });
  // In a customer thread: an internal message, which customers never see.
  const [noteMode, setNoteMode] = useState(false);
  const hydrated = useHydrated();
  const timeZone = hydrated ? undefined : "UTC";
  const note = kind === "customer" && noteMode;
  const radioName = `visibility-${conversationId}`;

  const now = new Date();
  return (
    <>
      <ThreadScroller
        earlier={earlier}
        firstSeq={messages[0]?.seq}
        lastKey={pending.at(-1)?.clientMessageId ?? messages.at(-1)?.id}
        lastIsOwnSend={pending.length > 0}
      >
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
          {pending.map((item, index) => (
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
      </ThreadScroller>
      {/* Always takes its line, so the thread does not jump when someone starts typing. */}
      <p aria-live="polite" className="h-5 shrink-0 px-4 text-xs italic text-slate-600">
        {typingName ? `${typingName} is typing…` : ""}
      </p>
      <Composer
        className={note ? "border-amber-300 bg-amber-50" : "border-slate-200"}
        onSend={(body) => sendNew(body, note)}
        onDraftChange={(draft) => {
          if (draft.trim()) announceTyping(note);
        }}
        placeholder={
          note
            ? "Write an internal message…  customers never see it"
            : kind === "customer"
              ? "Reply to the customer…  (Shift+Enter for a new line)"
              : "Write a reply…  (Shift+Enter for a new line)"
        }
      >
        {kind === "customer" && (
          <fieldset className="mb-2 flex flex-wrap gap-x-4 gap-y-1 text-xs font-medium text-slate-700">
            <legend className="sr-only">Who sees this message</legend>
            <label className="flex cursor-pointer items-center gap-1.5">
              <input
                type="radio"
                name={radioName}
                checked={!noteMode}
                onChange={() => setNoteMode(false)}
                className="size-4 accent-brand-600"
              />
              Reply to customer
            </label>
            <label className="flex cursor-pointer items-center gap-1.5">
              <input
                type="radio"
                name={radioName}
                checked={noteMode}
                onChange={() => setNoteMode(true)}
                className="size-4 accent-amber-600"
              />
              Internal message
            </label>
          </fieldset>
        )}
        {followers && (
          <p className="mb-1.5 truncate text-xs text-slate-600" aria-live="polite">
            {willNotify(followers, { meId, internal: kind === "internal" || note })}
          </p>
        )}
      </Composer>
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
            Internal message
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
