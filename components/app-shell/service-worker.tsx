"use client";

import { useEffect } from "react";

/**
 * Registers the messenger's service worker (public/sw.js) on the team's pages: it shows pushes as
 * notifications, and with the manifest makes the messenger installable. Nothing happens without one.
 */
export function ServiceWorker() {
  useEffect(() => {
    if ("serviceWorker" in navigator) void navigator.serviceWorker.register("/sw.js").catch(() => {});
  }, []);
  return null;
}
