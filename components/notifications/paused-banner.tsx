"use client";

import { BellOff } from "lucide-react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { formatUpcoming } from "@/lib/format-time";
import { usePause } from "./use-pause";

/** On every team page while notifications are paused: until when, and a way to resume at once. */
export function PausedBanner({ pausedUntil: initial }: { pausedUntil: Date }) {
  const { pausedUntil, error, pending, resume } = usePause(initial);
  const timeZone = useHydrated() ? undefined : "UTC";
  if (!pausedUntil) return null;
  return (
    <div
      role="status"
      className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 sm:px-4"
    >
      <BellOff aria-hidden="true" className="size-4 shrink-0" />
      <span suppressHydrationWarning>
        Notifications are paused until {formatUpcoming(pausedUntil, new Date(), timeZone)}.
      </span>
      <button
        type="button"
        onClick={resume}
        disabled={pending}
        className="font-medium underline underline-offset-2 hover:text-amber-950 disabled:opacity-60"
      >
        {pending ? "Resuming…" : "Resume"}
      </button>
      {error && <span className="text-red-800">{error}</span>}
    </div>
  );
}
