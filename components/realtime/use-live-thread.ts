"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";

type Numbered = { id: string; seq: number };
type Since<M> = (afterSeq: number) => Promise<{ messages: M[]; complete: boolean } | null>;

/**
 * A thread's messages, kept current: the server's page, plus whatever arrived since, fetched by
 * sequence number when a channel says there is more (or after a reconnect). Channels only say
 * *that* something happened; the messages come from the database. Shared by the team's messenger
 * and the customer's chat page, which fetch through their own actions.
 */
export function useLiveThread<M extends Numbered>({
  initial,
  fetchSince,
}: {
  initial: M[];
  fetchSince: Since<M>;
}) {
  const router = useRouter();
  const [fetched, setFetched] = useState<M[]>([]);
  const messages = mergeBySeq(initial, fetched);
  const newestSeq = messages.at(-1)?.seq ?? 0;
  const newest = useRef(newestSeq);
  newest.current = newestSeq;
  const since = useRef(fetchSince);
  since.current = fetchSince;

  const catchUp = useCallback(async () => {
    const result = await since.current(newest.current);
    if (!result) return [];
    // Too far behind for one answer: reload the page's data instead.
    if (!result.complete) {
      router.refresh();
      return [];
    }
    if (result.messages.length > 0) setFetched((list) => mergeBySeq(list, result.messages));
    return result.messages;
  }, [router]);

  return { messages, newestSeq, newest, catchUp };
}

/**
 * Marks the thread read up to its newest message, but only while this tab is visible: a thread
 * left open in a background tab has not been seen (DELIVERY-RULES: "Seen").
 */
export function useMarkReadWhenVisible({
  newestSeq,
  lastReadSeq,
  markRead,
  shown,
}: {
  newestSeq: number;
  lastReadSeq: number;
  markRead: (seq: number) => Promise<unknown>;
  /** Where the tab's visibility is not enough (the widget's panel): whether it is on screen, and when that changes. */
  shown?: { isShown: () => boolean; onChange: (listener: () => void) => () => void };
}) {
  const readUpTo = useRef(lastReadSeq);
  const mark = useRef(markRead);
  mark.current = markRead;
  const shownRef = useRef(shown);
  shownRef.current = shown;
  useEffect(() => {
    const markIfVisible = () => {
      const onScreen = document.visibilityState === "visible" && (shownRef.current?.isShown() ?? true);
      if (!onScreen || newestSeq <= readUpTo.current) return;
      readUpTo.current = newestSeq;
      void mark.current(newestSeq);
    };
    markIfVisible();
    document.addEventListener("visibilitychange", markIfVisible);
    const stopWatching = shownRef.current?.onChange(markIfVisible);
    return () => {
      document.removeEventListener("visibilitychange", markIfVisible);
      stopWatching?.();
    };
  }, [newestSeq]);
}

function mergeBySeq<M extends Numbered>(a: M[], b: M[]) {
  const byId = new Map<string, M>();
  for (const message of [...a, ...b]) byId.set(message.id, message);
  return [...byId.values()].sort((x, y) => x.seq - y.seq);
}
