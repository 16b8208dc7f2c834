"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";

type Numbered = { id: string; seq: number; editedAt: Date | null; deleted: boolean };
type Since<M> = (afterSeq: number) => Promise<{ messages: M[]; complete: boolean } | null>;
type Before<M> = (beforeSeq: number) => Promise<{ messages: M[]; hasEarlier: boolean } | null>;

/** Older pages: whether there are more, and how the last fetch went. */
export type EarlierPages = {
  hasEarlier: boolean;
  status: "idle" | "loading" | "failed";
  load: () => Promise<void>;
};

/**
 * A thread's messages, kept current: the server's page, plus whatever arrived since, fetched by
 * sequence number when a channel says there is more (or after a reconnect), plus older pages
 * fetched as the reader scrolls up. Channels only say *that* something happened; the messages
 * come from the database. Shared by the team's messenger and the customer's chat page, which
 * fetch through their own actions.
 */
export function useLiveThread<M extends Numbered>({
  initial,
  hasEarlier,
  fetchSince,
  fetchBefore,
}: {
  initial: M[];
  /** Whether the thread has messages older than `initial`. */
  hasEarlier: boolean;
  fetchSince: Since<M>;
  fetchBefore: Before<M>;
}) {
  const router = useRouter();
  // `kept` is every message shown besides the server's current page. A refresh moves that page
  // forward (it is the newest 100), and the reader must not lose the messages it moved past, nor
  // the older pages they loaded. Only after falling too far behind does a refresh start over.
  const [thread, setThread] = useState({ page: initial, kept: [] as M[], hasEarlier, startOver: false });
  if (thread.page !== initial) {
    setThread((current) =>
      current.startOver
        ? { page: initial, kept: [], hasEarlier, startOver: false }
        : { ...current, page: initial, kept: mergeBySeq(current.kept, current.page) },
    );
  }
  const messages = mergeBySeq(thread.kept, initial);
  const newestSeq = messages.at(-1)?.seq ?? 0;
  const newest = useRef(newestSeq);
  newest.current = newestSeq;
  const oldest = useRef(messages[0]?.seq ?? 0);
  oldest.current = messages[0]?.seq ?? 0;
  const since = useRef(fetchSince);
  since.current = fetchSince;
  const before = useRef(fetchBefore);
  before.current = fetchBefore;
  // An older page asked for before a start-over would leave a gap: its answer is dropped.
  const generation = useRef(0);

  const catchUp = useCallback(async () => {
    const result = await since.current(newest.current);
    if (!result) return [];
    // Too far behind for one answer: reload the page's data instead.
    if (!result.complete) {
      generation.current += 1;
      setThread((current) => ({ ...current, startOver: true }));
      router.refresh();
      return [];
    }
    if (result.messages.length > 0)
      setThread((current) => ({ ...current, kept: mergeBySeq(current.kept, result.messages) }));
    return result.messages;
  }, [router]);

  const [earlierStatus, setEarlierStatus] = useState<EarlierPages["status"]>("idle");
  const loadingEarlier = useRef(false);
  const loadEarlier = useCallback(async () => {
    if (loadingEarlier.current) return;
    loadingEarlier.current = true;
    setEarlierStatus("loading");
    const asked = generation.current;
    const result = await before.current(oldest.current).catch(() => null);
    loadingEarlier.current = false;
    if (!result) return setEarlierStatus("failed");
    if (asked === generation.current)
      setThread((current) => ({
        ...current,
        kept: mergeBySeq(result.messages, current.kept),
        hasEarlier: result.hasEarlier,
      }));
    setEarlierStatus("idle");
  }, []);

  /** A message edited or deleted since it was fetched, as it is now. */
  const replace = useCallback((message: M) => {
    setThread((current) => ({ ...current, kept: mergeBySeq(current.kept, [message]) }));
  }, []);

  const earlier: EarlierPages = { hasEarlier: thread.hasEarlier, status: earlierStatus, load: loadEarlier };
  return { messages, newestSeq, newest, catchUp, earlier, replace };
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

/** How far a copy of a message has come: deleted is final, else its latest edit. */
const versionOf = (message: Numbered) =>
  message.deleted ? Number.POSITIVE_INFINITY : (message.editedAt?.getTime() ?? 0);

/** One copy of each message, the newest version of it, oldest first, whichever lists it came in. */
function mergeBySeq<M extends Numbered>(...lists: M[][]) {
  const byId = new Map<string, M>();
  for (const list of lists)
    for (const message of list) {
      const known = byId.get(message.id);
      if (!known || versionOf(message) >= versionOf(known)) byId.set(message.id, message);
    }
  return [...byId.values()].sort((x, y) => x.seq - y.seq);
}
