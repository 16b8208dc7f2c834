"use client";

import { useEffect, useSyncExternalStore } from "react";

/**
 * The chat page inside the widget's iframe (public/widget.js). A closed panel keeps the frame
 * loaded, and to the frame its page still looks visible, so the widget says when the panel opens
 * and closes: only while it is open is a reply seen, and the customer connected (DELIVERY-RULES).
 * Outside a frame the page is simply open; in one, closed until the widget says otherwise (it loads
 * the frame in the background for a returning customer, so their badge is current), or open after
 * a moment if nothing frames it but a plain iframe.
 *
 * What the page tells the widget about the customer's messages (the unread count and a preview)
 * goes only to the origin the widget spoke from, and only once it has: never to `*`, so that no
 * other page that manages to frame or open this one is handed a reply's text.
 */
let panelOpen = typeof window === "undefined" || window.parent === window;
/** The site the widget runs on, learnt from its first message; null until then. */
let widgetOrigin: string | null = null;
const listeners = new Set<() => void>();
/** The last thing to tell the widget, sent once its origin is known (and again if it asks). */
let latestForWidget: WidgetMessage | null = null;

/** A plain iframe, with no widget to say whether it shows: after this long, it counts as shown. */
const NO_WIDGET_MS = 2_000;

export type WidgetMessage = {
  type: "helpdesk-widget:unread";
  /** Whether a customer is signed in here: the widget loads the chat in the background next time if so. */
  signedIn: boolean;
  /** Conversations with a reply the customer has not read. */
  count: number;
  /** When each of them had its newest message (ms, the server's clock): the widget counts those after it was last open. */
  at: number[];
  /** The newest such reply, public text only. */
  latest: { id: string; authorName: string; text: string; at: number } | null;
};

export const isPanelOpen = () => panelOpen;

export function onPanelChange(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

const inFrame = () => typeof window !== "undefined" && window.parent !== window;

/** True inside the widget's frame (after hydration: the server cannot know). */
export function useEmbedded() {
  return useSyncExternalStore(noSubscription, inFrame, () => false);
}
const noSubscription = () => () => {};

/** Tells the widget this, now if it has spoken already, else as soon as it does. */
export function tellWidget(message: WidgetMessage) {
  latestForWidget = message;
  if (inFrame() && widgetOrigin) window.parent.postMessage(message, widgetOrigin);
}

/** Asks the widget to close its panel (Escape, or the header's close button). */
export function closeWidget() {
  if (inFrame()) window.parent.postMessage({ type: "helpdesk-widget:close" }, widgetOrigin ?? "*");
}

const setPanelOpen = (open: boolean) => {
  if (open === panelOpen) return;
  panelOpen = open;
  for (const listener of listeners) listener();
};

export function EmbedBridge({ signedIn }: { signedIn: boolean }) {
  // Signed out, nothing else tells the widget (signed in, ChatUnread does, with the unread replies).
  useEffect(() => {
    if (!signedIn) tellWidget({ type: "helpdesk-widget:unread", signedIn, count: 0, at: [], latest: null });
  }, [signedIn]);
  useEffect(() => {
    if (!inFrame()) return;
    const noWidget = setTimeout(() => {
      if (widgetOrigin === null) setPanelOpen(true);
    }, NO_WIDGET_MS);
    const onMessage = (event: MessageEvent) => {
      const data = event.data as { type?: unknown; open?: unknown } | null;
      if (event.source !== window.parent || data?.type !== "helpdesk-widget:panel") return;
      // The first word fixes whom the page talks to for the life of the frame.
      if (widgetOrigin !== null && event.origin !== widgetOrigin) return;
      const first = widgetOrigin === null;
      widgetOrigin = event.origin;
      if (first && latestForWidget) window.parent.postMessage(latestForWidget, widgetOrigin);
      setPanelOpen(data.open === true);
    };
    // Key presses inside the frame never reach the host page: Escape here asks the widget to close.
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") closeWidget();
    };
    window.addEventListener("message", onMessage);
    window.addEventListener("keydown", onKey);
    // Carries nothing but "listening now", so it may go to whoever the parent is.
    window.parent.postMessage({ type: "helpdesk-widget:ready" }, "*");
    return () => {
      clearTimeout(noWidget);
      window.removeEventListener("message", onMessage);
      window.removeEventListener("keydown", onKey);
    };
  }, []);
  return null;
}
