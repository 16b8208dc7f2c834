"use client";

import { useEffect } from "react";

/**
 * Inside the widget's iframe, key presses never reach the host page: Escape here asks the widget
 * (public/widget.js) to close its panel.
 */
export function EmbedEscape() {
  useEffect(() => {
    if (window.parent === window) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") window.parent.postMessage({ type: "helpdesk-widget:close" }, "*");
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return null;
}
