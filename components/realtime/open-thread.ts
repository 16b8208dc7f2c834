"use client";

import { useEffect } from "react";

// One tab shows at most one thread at a time.
let openThreadId: string | null = null;

/** Marks this thread as the one on screen in this tab while the component is mounted. */
export function useOpenThread(conversationId: string) {
  useEffect(() => {
    openThreadId = conversationId;
    return () => {
      if (openThreadId === conversationId) openThreadId = null;
    };
  }, [conversationId]);
}

/** Is this thread on screen in this tab, whichever page shows it (the messenger or an item's page)? */
export const isThreadOpen = (conversationId: string) =>
  openThreadId === conversationId && document.visibilityState === "visible";
