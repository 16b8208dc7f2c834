"use client";

import { useEffect } from "react";

const COUNT_PREFIX = /^\(\d+\+?\) /;

/** The page's title as its metadata says it, less the count this hook put in front. */
export const baseTitle = (title: string) => title.replace(COUNT_PREFIX, "");

export const titleWithCount = (title: string, count: number) =>
  count > 0 ? `(${count > 99 ? "99+" : count}) ${baseTitle(title)}` : baseTitle(title);

/**
 * Puts the unread count in front of the browser tab's title, "(2) Messenger · Acme Support", and
 * keeps it there live: Next sets each page's own title on navigation (from its metadata), and the
 * count goes back in front of whatever title that is.
 */
export function useUnreadTitle(count: number) {
  useEffect(() => {
    const apply = () => {
      const wanted = titleWithCount(document.title, count);
      if (document.title !== wanted) document.title = wanted;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => {
      observer.disconnect();
      document.title = baseTitle(document.title);
    };
  }, [count]);
}
