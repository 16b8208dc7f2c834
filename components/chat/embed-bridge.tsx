"use client";

import { useEffect } from "react";

/**
 * The chat page inside the widget's iframe (public/widget.js). A closed panel keeps the frame
 * loaded, and to the frame its page still looks visible, so the widget says when the panel opens
 * and closes: only while it is open is a reply seen, and the customer connected (DELIVERY-RULES).
 * Outside a frame the page is simply open.
 */
let panelOpen = true;
const listeners = new Set<() => void>();

export const isPanelOpen = () => panelOpen;

export function onPanelChange(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export function EmbedBridge() {
  useEffect(() => {
    if (window.parent === window) return;
    const onMessage = (event: MessageEvent) => {
      const data = event.data as { type?: unknown; open?: unknown } | null;
      if (event.source !== window.parent || data?.type !== "helpdesk-widget:panel") return;
      panelOpen = data.open === true;
      for (const listener of listeners) listener();
    };
    // Key presses inside the frame never reach the host page: Escape here asks the widget to close.
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") window.parent.postMessage({ type: "helpdesk-widget:close" }, "*");
    };
    window.addEventListener("message", onMessage);
    window.addEventListener("keydown", onKey);
    window.parent.postMessage({ type: "helpdesk-widget:ready" }, "*");
    return () => {
      window.removeEventListener("message", onMessage);
      window.removeEventListener("keydown", onKey);
    };
  }, []);
  return null;
}
