"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { listMessagesSinceAction, markReadAction, typingAction } from "@/app/(app)/messenger/actions";
import { useChannel } from "@/components/realtime/realtime-provider";
import type { ConversationMessage } from "@/lib/conversations/get-conversation";
import { conversationChannel } from "@/lib/realtime/channels";
import type { MessageNotice, TypingNotice } from "@/lib/realtime/events";

const TYPING_SHOWN_MS = 4_000;
const TYPING_SENT_EVERY_MS = 3_000;

/**
 * The conversation's messages, kept current: the server's page, plus whatever arrived since,
 * fetched by sequence number when the channel says there is more (or after a reconnect).
 * The channel only says *that* something happened; the messages come from the database.
 */
export function useLiveMessages({
  conversationId,
  initial,
  meId,
}: {
  conversationId: string;
  initial: ConversationMessage[];
  meId: string;
}) {
  const router = useRouter();
  const [fetched, setFetched] = useState<ConversationMessage[]>([]);
  const [typing, setTyping] = useState<{ userId: string; name: string } | null>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const messages = mergeBySeq(initial, fetched);
  const newestSeq = messages.at(-1)?.seq ?? 0;
  const newest = useRef(newestSeq);
  newest.current = newestSeq;

  const catchUp = useCallback(async () => {
    const result = await listMessagesSinceAction({ conversationId, afterSeq: newest.current });
    if (!result.ok) return;
    // Too far behind for one answer: reload the page's data instead.
    if (!result.data.complete) return router.refresh();
    if (result.data.messages.length > 0) {
      setFetched((list) => mergeBySeq(list, result.data.messages));
      setTyping((current) =>
        result.data.messages.some((m) => m.author?.id === current?.userId) ? null : current,
      );
    }
  }, [conversationId, router]);

  useChannel(conversationChannel(conversationId), {
    onEvent(name, data) {
      if (name === "message.new" && (data as MessageNotice).seq > newest.current) void catchUp();
      if (name === "typing") {
        const notice = data as TypingNotice;
        if (notice.userId === meId) return;
        setTyping({ userId: notice.userId, name: notice.name });
        clearTimeout(typingTimer.current);
        typingTimer.current = setTimeout(() => setTyping(null), TYPING_SHOWN_MS);
      }
    },
    onResync: () => void catchUp(),
  });

  // Tell the others at most every 3 s while this person types.
  const lastTypingSent = useRef(0);
  const announceTyping = useCallback(() => {
    if (Date.now() - lastTypingSent.current < TYPING_SENT_EVERY_MS) return;
    lastTypingSent.current = Date.now();
    void typingAction({ conversationId });
  }, [conversationId]);

  return { messages, newestSeq, typingName: typing?.name ?? null, catchUp, announceTyping };
}

/**
 * Marks the conversation read up to the newest message, but only while this tab is visible: a
 * conversation left open in a background tab has not been seen. The person's other tabs follow
 * through their channel.
 */
export function useMarkRead({
  conversationId,
  newestSeq,
  lastReadSeq,
}: {
  conversationId: string;
  newestSeq: number;
  lastReadSeq: number;
}) {
  const router = useRouter();
  const readUpTo = useRef(lastReadSeq);
  useEffect(() => {
    const markIfVisible = async () => {
      if (document.visibilityState !== "visible" || newestSeq <= readUpTo.current) return;
      readUpTo.current = newestSeq;
      // This tab's badge and list follow from the server; other tabs, from the channel.
      if ((await markReadAction({ conversationId, seq: newestSeq })).ok) router.refresh();
    };
    void markIfVisible();
    document.addEventListener("visibilitychange", markIfVisible);
    return () => document.removeEventListener("visibilitychange", markIfVisible);
  }, [conversationId, newestSeq, router]);
}

function mergeBySeq(a: ConversationMessage[], b: ConversationMessage[]) {
  const byId = new Map<string, ConversationMessage>();
  for (const message of [...a, ...b]) byId.set(message.id, message);
  return [...byId.values()].sort((x, y) => x.seq - y.seq);
}
