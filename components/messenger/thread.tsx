"use client";

import clsx from "clsx";
import { useRouter } from "next/navigation";
import { Fragment, type ReactNode, useCallback, useState } from "react";
import {
  completeUploadAction,
  createUploadAction,
  deleteMessageAction,
  editMessageAction,
  getMessageAction,
  listMessageEditsAction,
  listMessagesBeforeAction,
  listMessagesSinceAction,
  markReadAction,
  searchMentionableAction,
  sendMessageAction,
} from "@/app/(app)/messenger/actions";
import { MessageAttachments } from "@/components/attachments/message-attachments";
import { useOpenThread } from "@/components/realtime/open-thread";
import { SendStatus } from "@/components/realtime/use-pending-sends";
import { Composer } from "@/components/thread/composer";
import { DeliveryReceiptButton } from "@/components/thread/delivery-receipt";
import { type ChangeActions, useMessageChanges } from "@/components/thread/message-changes";
import { MessageText } from "@/components/thread/message-text";
import { ViaEmailMark } from "@/components/thread/original-email";
import { ThreadScroller } from "@/components/thread/thread-scroller";
import { messageElementId, useLandOnMessage } from "@/components/thread/use-land-on-message";
import { useThread } from "@/components/thread/use-thread";
import { Avatar } from "@/components/ui/avatar";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { AttachmentSummary } from "@/lib/attachments/file-kinds";
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
 * lines, who is typing, and the reply box. In a thread with customers the reply box has two tabs:
 * Reply, and Note (an internal message, which customers never see), starting on Note when
 * `startsOnNote` (the workspace's default for a ticket's thread). On an item's page, the box says
 * who the message will reach (`followers`).
 */
export function Thread({
  conversationId,
  kind,
  initialMessages,
  hasEarlier,
  meId,
  meIsAdmin,
  lastReadSeq,
  followers,
  startsOnNote = false,
}: {
  conversationId: string;
  kind: "internal" | "customer";
  initialMessages: ThreadMessage[];
  hasEarlier: boolean;
  meId: string;
  /** Admins may delete any team member's message, and see what an edited one said before. */
  meIsAdmin: boolean;
  lastReadSeq: number;
  followers?: Follower[];
  startsOnNote?: boolean;
}) {
  const router = useRouter();
  useOpenThread(conversationId);
  const { typingName, onEvent, onArrived, announceTyping } = useTyping({ conversationId, meId });
  const { messages, earlier, pending, deliver, sendNew, refetch } = useThread({
    channel: conversationChannel(conversationId),
    initialMessages,
    hasEarlier,
    lastReadSeq,
    fetchSince: (afterSeq) => listMessagesSinceAction({ conversationId, afterSeq }),
    fetchBefore: (beforeSeq) => listMessagesBeforeAction({ conversationId, beforeSeq }),
    fetchOne: (messageId) => getMessageAction({ conversationId, messageId }),
    send: (item) =>
      sendMessageAction({
        conversationId,
        body: item.body,
        clientMessageId: item.clientMessageId,
        visibility: item.internal ? "internal" : "public",
        attachmentIds: item.attachments?.map((file) => file.id),
        mentionIds: item.mentionIds,
      }),
    // This tab's badge and list follow from the server, other tabs from the channel.
    markRead: async (seq) => {
      if ((await markReadAction({ conversationId, seq })).ok) router.refresh();
    },
    onEvent,
    onArrived,
  });
  const landedId = useLandOnMessage({ messageIds: messages.map((message) => message.id), earlier });
  // In a customer thread: an internal message, which customers never see.
  const [noteMode, setNoteMode] = useState(startsOnNote);
  const hydrated = useHydrated();
  const timeZone = hydrated ? undefined : "UTC";
  const note = kind === "customer" && noteMode;
  const changes = useMessageChanges({ actions: teamChangeActions(meIsAdmin), refetch });
  const mentionSearch = useCallback(
    ({ query }: { query: string }) => searchMentionableAction({ conversationId, query }),
    [conversationId],
  );

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
                  <li
                    id={messageElementId(message.id)}
                    aria-current={message.id === landedId || undefined}
                    className={clsx(
                      "py-2 text-center text-xs text-slate-600",
                      message.id === landedId && landedClass,
                    )}
                  >
                    {message.body} ·{" "}
                    <time dateTime={message.createdAt.toISOString()}>
                      {formatClock(message.createdAt, timeZone)}
                    </time>
                  </li>
                ) : (
                  <MessageItem
                    id={message.id}
                    landed={message.id === landedId}
                    authorName={message.author?.name ?? "Someone"}
                    body={message.body}
                    text={<MessageText body={message.body} mentions={message.mentions} meId={meId} />}
                    time={formatClock(message.createdAt, timeZone)}
                    dateTime={message.createdAt.toISOString()}
                    startsGroup={startsGroup}
                    mine={message.mine}
                    internal={message.internal}
                    attachments={message.attachments}
                    via={
                      message.viaEmail && !message.deleted ? <ViaEmailMark messageId={message.id} /> : null
                    }
                    {...withReceipt(
                      changes.slotsFor(message, { isAdmin: meIsAdmin, actionsClassName: revealClass }),
                      message.deleted ? null : (
                        <DeliveryReceiptButton
                          conversationId={conversationId}
                          messageId={message.id}
                          className={revealClass}
                        />
                      ),
                    )}
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
              attachments={item.attachments}
              status={<SendStatus item={item} onRetry={() => void deliver(item)} />}
            />
          ))}
        </ol>
      </ThreadScroller>
      {changes.deleteDialog}
      {/* Always takes its line, so the thread does not jump when someone starts typing. */}
      <p aria-live="polite" className="h-5 shrink-0 px-4 text-xs italic text-slate-600">
        {typingName ? `${typingName} is typing…` : ""}
      </p>
      <Composer
        focusOnOpen
        className={note ? "border-amber-300 bg-amber-50" : "border-slate-200"}
        uploads={{ conversationId, createUpload: createUploadAction, completeUpload: completeUploadAction }}
        mentionSearch={mentionSearch}
        onSend={(body, attachments, mentionIds) => {
          sendNew({ body, internal: note, attachments, mentionIds });
          // The tab chosen for one message is for that message: the next starts on the default again.
          setNoteMode(startsOnNote);
        }}
        onDraftChange={(draft) => {
          if (draft.trim()) announceTyping(note);
        }}
        placeholder={
          note
            ? "Write an internal note…  customers never see it"
            : kind === "customer"
              ? "Reply to the customer…  (Shift+Enter for a new line)"
              : "Write a reply…  (Shift+Enter for a new line)"
        }
      >
        {kind === "customer" && <ReplyOrNote note={noteMode} onChange={setNoteMode} />}
        {followers && (
          <p className="mb-1.5 truncate text-xs text-slate-600" aria-live="polite">
            {willNotify(followers, { meId, internal: kind === "internal" || note })}
          </p>
        )}
      </Composer>
    </>
  );
}

/** The team's calls for changing a message; `history` only for an admin. */
const teamChangeActions = (isAdmin: boolean): ChangeActions => ({
  edit: (messageId, body) => editMessageAction({ messageId, body }),
  remove: (messageId) => deleteMessageAction({ messageId }),
  history: isAdmin ? (messageId) => listMessageEditsAction({ messageId }) : undefined,
});

// The message a link opened the thread at (a search result): it stands out until another is opened.
const landedClass = "-mx-2 rounded-lg bg-amber-50 px-2 pb-1 ring-2 ring-amber-400";

/** Shown on hover or focus where there is a pointer; always on a touch screen. */
const revealClass =
  "opacity-0 group-hover:opacity-100 group-focus-within:opacity-100 [@media(hover:none)]:opacity-100";

/** A message's corner holds the Delivery button before its ⋯ menu. */
function withReceipt<T extends { actions: ReactNode }>(slots: T, receipt: ReactNode): T {
  if (!receipt) return slots;
  return {
    ...slots,
    actions: (
      <div className="flex">
        {receipt}
        {slots.actions}
      </div>
    ),
  };
}

function MessageItem({
  id,
  landed,
  authorName,
  body,
  text,
  time,
  dateTime,
  startsGroup,
  mine,
  internal,
  attachments = [],
  status,
  content,
  edited,
  via,
  actions,
}: {
  authorName: string;
  body: string;
  /** The body as shown, when it is more than text (mentions). */
  text?: ReactNode;
  attachments?: AttachmentSummary[];
  time?: string;
  dateTime?: string;
  startsGroup: boolean;
  mine: boolean;
  internal?: boolean;
  status?: ReactNode;
  /** In place of the text: the edit form, or the deleted line. */
  content?: ReactNode;
  edited?: ReactNode;
  /** How it came in, when not through the app: "via email". */
  via?: ReactNode;
  actions?: ReactNode;
  /** A stored message's id (a send on its way has none yet). */
  id?: string;
  landed?: boolean;
}) {
  return (
    <li
      id={id && messageElementId(id)}
      aria-current={landed || undefined}
      className={clsx("group relative flex gap-3", startsGroup && "pt-3", landed && landedClass)}
    >
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
        {content ??
          (body && (
            <p
              className={clsx(
                "whitespace-pre-wrap break-words text-sm text-slate-800 [overflow-wrap:anywhere]",
                internal && "rounded-md border-l-2 border-amber-400 bg-amber-50 px-2 py-1",
                mine && status && "opacity-70",
              )}
            >
              {text ?? body}
              {edited && <> {edited}</>}
              {via && <> {via}</>}
            </p>
          ))}
        <MessageAttachments attachments={attachments} sending={Boolean(status)} />
        {status && <div className="mt-0.5 text-xs">{status}</div>}
      </div>
      {/* Over the row's corner, so that it never changes a row's height (the scroller keeps the
          reader's place by heights). */}
      {actions && <div className={clsx("absolute right-0", startsGroup ? "top-2" : "-top-1")}>{actions}</div>}
    </li>
  );
}

/**
 * Reply (the customer sees it) or Note (only the team does): two tabs over the reply box, the Note
 * one amber like the notes in the thread. Arrow keys move between them, as in any tab list.
 */
function ReplyOrNote({ note, onChange }: { note: boolean; onChange: (note: boolean) => void }) {
  const tabs = [
    { note: false, label: "Reply", selectedClass: "border-brand-600 text-brand-800" },
    { note: true, label: "Note", selectedClass: "border-amber-500 text-amber-900" },
  ];
  return (
    <div
      role="tablist"
      aria-label="Who sees this message"
      className="-mx-3 mb-2 flex border-b border-inherit px-3"
      onKeyDown={(event) => {
        if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
        event.preventDefault();
        onChange(!note);
        const next = event.currentTarget.querySelector<HTMLElement>(`[data-note="${!note}"]`);
        next?.focus();
      }}
    >
      {tabs.map((tab) => (
        <button
          key={tab.label}
          type="button"
          role="tab"
          data-note={tab.note}
          aria-selected={note === tab.note}
          tabIndex={note === tab.note ? 0 : -1}
          onClick={() => onChange(tab.note)}
          className={clsx(
            "-mb-px min-h-10 min-w-20 border-b-2 px-4 text-sm font-semibold",
            note === tab.note ? tab.selectedClass : "border-transparent text-slate-600 hover:text-slate-900",
          )}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
