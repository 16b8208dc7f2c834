"use client";

import { useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";
import type { EarlierPages } from "@/components/realtime/use-live-thread";

// A link to a message this far back (or to one that is not there) stops looking, rather than
// loading a huge thread whole.
const MAX_PAGES = 50;

/** The element id of a message in a thread, for landing on it. */
export const messageElementId = (messageId: string) => `message-${messageId}`;

/**
 * Opening a thread at a message (`?message=<id>`, as a search result links): older pages load
 * until it is in, then it is scrolled into the middle once. Returns its id while it is shown, for
 * the thread to highlight it; null when there is none, or it is not (or no longer) in the thread.
 */
export function useLandOnMessage({ messageIds, earlier }: { messageIds: string[]; earlier: EarlierPages }) {
  const target = useSearchParams().get("message");
  const landedOn = useRef<string | null>(null);
  const pagesLoaded = useRef(0);
  const present = target !== null && messageIds.includes(target);
  const { hasEarlier, status, load } = earlier;

  useEffect(() => {
    if (!target || landedOn.current === target) return;
    if (present) {
      landedOn.current = target;
      document.getElementById(messageElementId(target))?.scrollIntoView({ block: "center" });
    } else if (hasEarlier && status === "idle" && pagesLoaded.current < MAX_PAGES) {
      pagesLoaded.current += 1;
      void load();
    }
  }, [target, present, hasEarlier, status, load]);

  return present ? target : null;
}
