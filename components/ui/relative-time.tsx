"use client";

import { formatMoment, formatRelative } from "@/lib/format-time";
import { useHydrated } from "./use-hydrated";

export function RelativeTime({ date, className }: { date: Date; className?: string }) {
  const hydrated = useHydrated();
  const timeZone = hydrated ? undefined : "UTC";
  return (
    <time
      suppressHydrationWarning
      dateTime={date.toISOString()}
      title={formatMoment(date, timeZone)}
      className={className}
    >
      {formatRelative(date, new Date(), timeZone)}
    </time>
  );
}
