"use client";

import clsx from "clsx";
import { Loader2 } from "lucide-react";
import { useLinkStatus } from "next/link";

/**
 * Inside a `<Link>`: a spinner while the page it leads to is on its way, so a click on a slow
 * network answers at once. (A route's loading.tsx would do it too, but it starts the response
 * before the page can say "not found", which then goes out as 200.)
 */
export function LinkPending({ className }: { className?: string }) {
  const { pending } = useLinkStatus();
  if (!pending) return null;
  return (
    <Loader2
      aria-hidden="true"
      data-link-pending
      className={clsx("size-4 animate-spin text-brand-600", className)}
    />
  );
}
