"use client";

import { useCallback, useRef, useState } from "react";
import { typingAction } from "@/app/(app)/messenger/actions";
import type { ThreadMessage } from "@/lib/conversations/list-messages";
import type { TypingNotice } from "@/lib/realtime/events";

const TYPING_SHOWN_MS = 4_000;
const TYPING_SENT_EVERY_MS = 3_000;

/**
 * Who else is typing in a team member's open conversation, from its channel's typing events, and
 * telling the others when this person types.
 */
export function useTyping({ conversationId, meId }: { conversationId: string; meId: string }) {
  const [typing, setTyping] = useState<{ userId: string; name: string } | null>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const onEvent = useCallback(
    (name: string, data: unknown) => {
      if (name !== "typing") return;
      const notice = data as TypingNotice;
      if (notice.userId === meId) return;
      setTyping({ userId: notice.userId, name: notice.name });
      clearTimeout(typingTimer.current);
      typingTimer.current = setTimeout(() => setTyping(null), TYPING_SHOWN_MS);
    },
    [meId],
  );
  // Their message is in: they have stopped typing it.
  const onArrived = useCallback((arrived: ThreadMessage[]) => {
    setTyping((current) => (arrived.some((m) => m.author?.id === current?.userId) ? null : current));
  }, []);

  // Tell the others at most every 3 s while this person types.
  const lastTypingSent = useRef(0);
  const announceTyping = useCallback(() => {
    if (Date.now() - lastTypingSent.current < TYPING_SENT_EVERY_MS) return;
    lastTypingSent.current = Date.now();
    void typingAction({ conversationId });
  }, [conversationId]);

  return { typingName: typing?.name ?? null, onEvent, onArrived, announceTyping };
}
