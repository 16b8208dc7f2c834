"use client";

import { useState, useTransition } from "react";
import { pauseNotificationsAction, resumeNotificationsAction } from "@/app/(app)/settings/actions";
import type { ActionResult } from "@/lib/server-action";

/** Pausing and resuming notifications from any screen: the pause in force, a pending flag, and the error to show. */
export function usePause(initial: Date | null) {
  const [pausedUntil, setPausedUntil] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (action: () => Promise<ActionResult<{ pausedUntil: Date | null }>>) =>
    startTransition(async () => {
      const result = await action().catch(() => null);
      if (result?.ok) {
        setPausedUntil(result.data.pausedUntil);
        setError(null);
      } else setError(result?.message ?? "Could not reach the server. Check your connection and try again.");
    });
  return {
    pausedUntil,
    error,
    pending,
    pause: (until: Date) => run(() => pauseNotificationsAction({ until: until.toISOString() })),
    resume: () => run(() => resumeNotificationsAction({})),
  };
}
