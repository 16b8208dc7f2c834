"use client";

import { useCallback, useRef, useState } from "react";
import { typingAction } from "@/app/(app)/messenger/actions";
import type { ThreadMessage } from "@/lib/conversations/list-messages";
import { TYPING_SENT_EVERY_MS, TYPING_SHOWN_MS } from "@/lib/conversations/typing-timing";
import type { TypingNotice } from "@/lib/realtime/events";

/**
 * Who else is typing in a team member's open conversation (a teammate or a customer), from its
 * channel's typing events, and telling the others when this person types. Whether a customer is
 * told depends on what is being written: `announceTyping(true)` for an internal message, which the
 * server tells the team only.
 */
export function useTyping({ conversationId, meId }: { conversationId: string; meId: string }) {
  const [typing, setTyping] = useState<{ id: string; name: string } | null>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const onEvent = useCallback(
    (name: string, data: unknown) => {
      if (name !== "typing") return;
      const notice = data as TypingNotice;
      const id = notice.userId ?? notice.customerId;
      if (!id || id === meId) return;
      setTyping({ id, name: notice.name });
      clearTimeout(typingTimer.current);
      typingTimer.current = setTimeout(() => setTyping(null), TYPING_SHOWN_MS);
    },
    [meId],
  );
  // Their message is in: they have stopped typing it.
  const onArrived = useCallback((arrived: ThreadMessage[]) => {
    setTyping((current) => (arrived.some((m) => m.author?.id === current?.id) ? null : current));
  }, []);

  // Tell the others at most every 3 s while this person types; at once on switching to a reply.
  const lastSent = useRef({ at: 0, internal: true });
  const announceTyping = useCallback(
    (internal = false) => {
      const last = lastSent.current;
      if (Date.now() - last.at < TYPING_SENT_EVERY_MS && (internal || !last.internal)) return;
      lastSent.current = { at: Date.now(), internal };
      void typingAction({ conversationId, visibility: internal ? "internal" : "public" });
    },
    [conversationId],
  );

  return { typingName: typing?.name ?? null, onEvent, onArrived, announceTyping };
}
