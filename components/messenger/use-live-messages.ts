"use client";

import { useRouter } from "next/navigation";
import { useCallback, useRef, useState } from "react";
import { listMessagesSinceAction, markReadAction, typingAction } from "@/app/(app)/messenger/actions";
import { useChannel } from "@/components/realtime/realtime-provider";
import { useLiveThread, useMarkReadWhenVisible } from "@/components/realtime/use-live-thread";
import type { ThreadMessage } from "@/lib/conversations/list-messages";
import { conversationChannel } from "@/lib/realtime/channels";
import type { MessageNotice, TypingNotice } from "@/lib/realtime/events";

const TYPING_SHOWN_MS = 4_000;
const TYPING_SENT_EVERY_MS = 3_000;

/**
 * A team member's open conversation, kept current from its channel, with who is typing.
 */
export function useLiveMessages({
  conversationId,
  initial,
  meId,
}: {
  conversationId: string;
  initial: ThreadMessage[];
  meId: string;
}) {
  const [typing, setTyping] = useState<{ userId: string; name: string } | null>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const { messages, newestSeq, newest, catchUp } = useLiveThread({
    initial,
    fetchSince: async (afterSeq) => {
      const result = await listMessagesSinceAction({ conversationId, afterSeq });
      return result.ok ? result.data : null;
    },
  });
  const catchUpAndStopTyping = useCallback(async () => {
    const arrived = await catchUp();
    setTyping((current) => (arrived.some((m) => m.author?.id === current?.userId) ? null : current));
  }, [catchUp]);

  useChannel(conversationChannel(conversationId), {
    onEvent(name, data) {
      if (name === "message.new" && (data as MessageNotice).seq > newest.current) void catchUpAndStopTyping();
      if (name === "typing") {
        const notice = data as TypingNotice;
        if (notice.userId === meId) return;
        setTyping({ userId: notice.userId, name: notice.name });
        clearTimeout(typingTimer.current);
        typingTimer.current = setTimeout(() => setTyping(null), TYPING_SHOWN_MS);
      }
    },
    onResync: () => void catchUpAndStopTyping(),
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

/** Marks the conversation read while visible; this tab's badge and list follow from the server, other tabs from the channel. */
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
  useMarkReadWhenVisible({
    newestSeq,
    lastReadSeq,
    markRead: async (seq) => {
      if ((await markReadAction({ conversationId, seq })).ok) router.refresh();
    },
  });
}
