"use client";

import clsx from "clsx";
import { ArrowUp, LoaderCircle } from "lucide-react";
import { type ReactNode, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { EarlierPages } from "@/components/realtime/use-live-thread";

// Within this many pixels of the end counts as "at the bottom": new messages keep it there.
const BOTTOM_SLACK_PX = 48;
// Older messages start loading this far before the reader reaches the top, so it rarely waits.
const PRELOAD_MARGIN_PX = 600;

/**
 * The scrolling part of a thread. It opens at the newest message, and follows new ones only when
 * the reader is at the bottom or sent them: someone reading history is never pulled away. Near
 * the top it loads the page before, and keeps the reader's place while it goes in above.
 */
export function ThreadScroller({
  earlier,
  firstSeq,
  lastKey,
  lastIsOwnSend,
  className,
  children,
}: {
  earlier: EarlierPages;
  /** The oldest message shown: when it gets older, a page went in above. */
  firstSeq: number | undefined;
  /** The newest item shown (a message, or a send on its way). */
  lastKey: string | undefined;
  /** Whether the newest item is a send from this reader: then it is scrolled to, wherever the reader was. */
  lastIsOwnSend: boolean;
  className?: string;
  children: ReactNode;
}) {
  const { hasEarlier, status, load } = earlier;
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const top = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  // The content's height as last laid out: what a page of older messages adds is the difference.
  const height = useRef(0);
  const shown = useRef<{ firstSeq?: number; lastKey?: string }>({});
  // Only a thread that had older pages shows "Start of the conversation": a short one needs no line.
  const [hadEarlier] = useState(hasEarlier);
  // The button goes once the first message is in: if it had focus, focus moves to the line that
  // replaces it, rather than out of the thread.
  const startLine = useRef<HTMLParagraphElement>(null);
  const buttonHadFocus = useRef(false);
  const loadButton = useCallback((button: HTMLButtonElement) => {
    return () => {
      buttonHadFocus.current = document.activeElement === button;
    };
  }, []);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const before = shown.current;
    shown.current = { firstSeq, lastKey };
    if (before.firstSeq !== undefined && firstSeq !== undefined && firstSeq < before.firstSeq) {
      element.scrollTop += element.scrollHeight - height.current;
    } else if (before.lastKey !== lastKey && (atBottom.current || lastIsOwnSend)) {
      element.scrollTop = element.scrollHeight;
      atBottom.current = true;
    }
    height.current = element.scrollHeight;
    if (buttonHadFocus.current && document.activeElement === document.body) {
      startLine.current?.focus({ preventScroll: true });
    }
    buttonHadFocus.current = false;
  });

  // Content that grows or a box that shrinks (a retry line, a taller composer, a phone's keyboard)
  // keeps a reader at the bottom there.
  useEffect(() => {
    const element = scroller.current;
    if (!element || !content.current) return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) element.scrollTop = element.scrollHeight;
      height.current = element.scrollHeight;
    });
    observer.observe(element);
    observer.observe(content.current);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = scroller.current;
    const sentinel = top.current;
    // A failed fetch waits for the button, rather than retrying on every scroll.
    if (!element || !sentinel || !hasEarlier || status !== "idle" || firstSeq === undefined) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) void load();
      },
      { root: element, rootMargin: `${PRELOAD_MARGIN_PX}px 0px 0px 0px` },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [hasEarlier, status, load, firstSeq]);

  return (
    <div
      ref={scroller}
      onScroll={(event) => {
        const element = event.currentTarget;
        atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < BOTTOM_SLACK_PX;
      }}
      className={clsx("min-h-0 flex-1 overflow-y-auto px-4 py-4 [overflow-anchor:none]", className)}
    >
      <div ref={content}>
        {(hasEarlier || hadEarlier) && (
          // One fixed height whatever it shows, so nothing below moves when it changes.
          <div ref={top} className="mb-2 flex h-16 flex-col items-center justify-end gap-1">
            <p role="status" className="flex h-5 items-center gap-1.5 text-xs text-slate-600">
              {status === "loading" && (
                <>
                  <LoaderCircle
                    aria-hidden="true"
                    className="size-3.5 animate-spin motion-reduce:animate-none"
                  />
                  Loading earlier messages…
                </>
              )}
              {status === "failed" && "Could not load earlier messages."}
            </p>
            {hasEarlier ? (
              <button
                type="button"
                aria-disabled={status === "loading" || undefined}
                ref={loadButton}
                onClick={() => void load()}
                className="inline-flex h-8 items-center gap-1.5 rounded-md px-3 text-xs font-medium text-slate-700 hover:bg-slate-100 aria-disabled:cursor-wait aria-disabled:text-slate-500"
              >
                <ArrowUp aria-hidden="true" className="size-3.5" />
                Load earlier messages
              </button>
            ) : (
              <p ref={startLine} tabIndex={-1} className="flex h-8 items-center text-xs text-slate-500">
                Start of the conversation
              </p>
            )}
          </div>
        )}
        {children}
      </div>
    </div>
  );
}
