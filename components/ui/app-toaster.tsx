"use client";

import { useSyncExternalStore } from "react";
import { Toaster } from "sonner";

const phoneQuery = "(max-width: 767px)";

function subscribe(onChange: () => void) {
  const query = window.matchMedia(phoneQuery);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/**
 * Toasts and message bubbles: bottom right on a wide screen; on a phone at the top, like the
 * phone's own notifications, since the bottom holds the views' tab bar and the reply box.
 */
export function AppToaster() {
  const phone = useSyncExternalStore(
    subscribe,
    () => window.matchMedia(phoneQuery).matches,
    () => false,
  );
  return <Toaster position={phone ? "top-center" : "bottom-right"} richColors closeButton />;
}
