"use client";

import clsx from "clsx";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import {
  chatTypingAction,
  completeChatUploadAction,
  createChatUploadAction,
  deleteChatMessageAction,
  editChatMessageAction,
  getChatMessageAction,
  listChatMessagesBeforeAction,
  listChatMessagesSinceAction,
  markChatReadAction,
  sendChatMessageAction,
} from "@/app/chat/[slug]/actions";
import { MessageAttachments } from "@/components/attachments/message-attachments";
import { SendStatus } from "@/components/realtime/use-pending-sends";
import { Composer } from "@/components/thread/composer";
import { type ChangeActions, useMessageChanges } from "@/components/thread/message-changes";
import { ThreadScroller } from "@/components/thread/thread-scroller";
import { useThread } from "@/components/thread/use-thread";
import { Avatar } from "@/components/ui/avatar";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { AttachmentSummary } from "@/lib/attachments/file-kinds";
import type { ThreadMessage } from "@/lib/conversations/list-messages";
import { TYPING_SENT_EVERY_MS, TYPING_SHOWN_MS } from "@/lib/conversations/typing-timing";
import { formatClock } from "@/lib/format-time";
import type { CustomerTypingNotice, StatusNotice } from "@/lib/realtime/events";
import { setShownConversation } from "./chat-unread";
import { isPanelOpen, onPanelChange } from "./embed-bridge";

/**
 * A customer's conversation on the chat page, as bubbles: the team's replies arrive live on the
 * customer's own channel, and count as seen only while the page is visible. Who on the team is
 * writing a reply shows under it ("Alice Admin is typing…"), and the team sees the customer's
 * typing too. Closing and reopening show at once.
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
  // The page's status, until the channel says otherwise (and the refresh it causes agrees).
  const [liveClosed, setLiveClosed] = useState(closed);
  useEffect(() => setLiveClosed(closed), [closed]);
  const { typingName, onTyping, onArrived } = useTeamTyping();
  const announceTyping = useAnnounceTyping(conversationId);
  useShown(conversationId);
  const { messages, earlier, pending, deliver, sendNew, refetch } = useThread({
    channel,
    initialMessages,
    hasEarlier,
    lastReadSeq,
    fetchSince: (afterSeq) => listChatMessagesSinceAction({ conversationId, afterSeq }),
    fetchBefore: (beforeSeq) => listChatMessagesBeforeAction({ conversationId, beforeSeq }),
    fetchOne: (messageId) => getChatMessageAction({ conversationId, messageId }),
    send: async (item) => {
      const result = await sendChatMessageAction({
        conversationId,
        body: item.body,
        clientMessageId: item.clientMessageId,
        attachmentIds: item.attachments?.map((file) => file.id),
      });
      // A reply reopens a closed conversation: the banner goes.
      if (result.ok && liveClosed) {
        setLiveClosed(false);
        router.refresh();
      }
      return result;
    },
    // Read: the tab's count and the widget's badge drop it (they come from the server).
    markRead: async (seq) => {
      if ((await markChatReadAction({ conversationId, seq })).ok) router.refresh();
    },
    shown: { isShown: isPanelOpen, onChange: onPanelChange },
    onEvent: (name, data) => {
      if (name === "typing") onTyping(data as CustomerTypingNotice);
      if (name === "conversation.status") {
        setLiveClosed((data as StatusNotice).status === "closed");
        router.refresh();
      }
    },
    onArrived,
  });
  const timeZone = useHydrated() ? undefined : "UTC";
  const changes = useMessageChanges({ actions: chatChangeActions, refetch });

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
              attachments={message.attachments}
              time={formatClock(message.createdAt, timeZone)}
              dateTime={message.createdAt.toISOString()}
              {...changes.slotsFor(message, {
                deletedClassName: "rounded-2xl border border-slate-200 px-3 py-2",
              })}
            />
          ))}
          {pending.map((item) => (
            <Bubble
              key={item.clientMessageId}
              mine
              authorName="You"
              body={item.body}
              attachments={item.attachments}
              status={<SendStatus item={item} onRetry={() => void deliver(item)} />}
            />
          ))}
        </ol>
      </ThreadScroller>
      {changes.deleteDialog}
      {/* Always takes its line, so the thread does not jump when someone starts typing. */}
      <p aria-live="polite" className="h-5 shrink-0 bg-white px-4 text-xs italic text-slate-600">
        {typingName ? `${typingName} is typing…` : ""}
      </p>
      <div role="status">
        {liveClosed && (
          <p className="border-t border-slate-200 bg-slate-50 px-4 py-2 text-xs text-slate-700">
            This conversation was closed. Write a reply to reopen it.
          </p>
        )}
      </div>
      <Composer
        className="border-slate-200 bg-white"
        uploads={{
          conversationId,
          createUpload: createChatUploadAction,
          completeUpload: completeChatUploadAction,
        }}
        onSend={(body, attachments) => sendNew({ body, attachments })}
        onDraftChange={(draft) => {
          if (draft.trim()) announceTyping();
        }}
        placeholder="Write a reply…"
      />
    </>
  );
}

/** The chat page's calls for changing one's own message. */
const chatChangeActions: ChangeActions = {
  edit: (messageId, body) => editChatMessageAction({ messageId, body }),
  remove: (messageId) => deleteChatMessageAction({ messageId }),
};

function Bubble({
  mine,
  authorName,
  body,
  attachments = [],
  time,
  dateTime,
  status,
  content,
  edited,
  actions,
}: {
  mine: boolean;
  authorName: string;
  body: string;
  attachments?: AttachmentSummary[];
  time?: string;
  dateTime?: string;
  status?: React.ReactNode;
  /** In place of the bubble: the edit form, or the deleted line. */
  content?: React.ReactNode;
  edited?: React.ReactNode;
  actions?: React.ReactNode;
}) {
  return (
    <li className={clsx("flex items-end gap-2", mine && "flex-row-reverse")}>
      {!mine && <Avatar name={authorName} size="sm" />}
      <div
        className={clsx("flex max-w-[80%] flex-col", mine ? "items-end" : "items-start", content && "w-full")}
      >
        <span className="mb-0.5 text-xs text-slate-600">
          {authorName}
          {time && (
            <>
              {" · "}
              <time dateTime={dateTime}>{time}</time>
            </>
          )}
          {edited && <> · {edited}</>}
        </span>
        {content ??
          (body && (
            <p
              className={clsx(
                "whitespace-pre-wrap break-words rounded-2xl px-3 py-2 text-sm [overflow-wrap:anywhere]",
                mine ? "rounded-br-sm bg-brand-600 text-white" : "rounded-bl-sm bg-slate-100 text-slate-900",
                status && "opacity-70",
              )}
            >
              {body}
            </p>
          ))}
        <MessageAttachments
          attachments={attachments}
          sending={Boolean(status)}
          align={mine ? "end" : "start"}
        />
        {status && <div className="mt-0.5 text-xs">{status}</div>}
      </div>
      {actions}
    </li>
  );
}

/** Who on the team is writing a reply here, from the chat channel's typing notices (names only). */
function useTeamTyping() {
  const [typingName, setTypingName] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onTyping = useCallback((notice: CustomerTypingNotice) => {
    setTypingName(notice.name);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setTypingName(null), TYPING_SHOWN_MS);
  }, []);
  // A reply from them is in: they have stopped typing it.
  const onArrived = useCallback((arrived: ThreadMessage[]) => {
    setTypingName((current) => (arrived.some((m) => !m.mine && m.author?.name === current) ? null : current));
  }, []);
  return { typingName, onTyping, onArrived };
}

/** Tells the team at most every 3 s while the customer types. */
function useAnnounceTyping(conversationId: string) {
  const lastSent = useRef(0);
  return useCallback(() => {
    if (Date.now() - lastSent.current < TYPING_SENT_EVERY_MS) return;
    lastSent.current = Date.now();
    void chatTypingAction({ conversationId }).catch(() => {});
  }, [conversationId]);
}

/** While this conversation is on screen (the page visible, the widget's panel open), its replies are being read. */
function useShown(conversationId: string) {
  useEffect(() => {
    const update = () =>
      setShownConversation(document.visibilityState === "visible" && isPanelOpen() ? conversationId : null);
    update();
    document.addEventListener("visibilitychange", update);
    const stop = onPanelChange(update);
    return () => {
      document.removeEventListener("visibilitychange", update);
      stop();
      setShownConversation(null);
    };
  }, [conversationId]);
}
