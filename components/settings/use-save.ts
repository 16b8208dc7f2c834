"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/server-action";

/**
 * Saving a settings form: a pending flag, the error to show, and a short "Saved" confirmation
 * that screen readers announce. The form keeps what was typed whatever the outcome.
 */
export function useSave<Input, Output>(
  action: (input: Input) => Promise<ActionResult<Output>>,
  onSaved: (saved: Output) => void,
) {
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<
    { saved: true } | { saved: false; message: string; fieldErrors?: Record<string, string[]> } | null
  >(null);
  const save = (input: Input) =>
    startTransition(async () => {
      const result = await action(input).catch(() => null);
      if (result?.ok) {
        onSaved(result.data);
        setOutcome({ saved: true });
      } else
        setOutcome({
          saved: false,
          message: result?.message ?? "Could not reach the server. Check your connection and try again.",
          fieldErrors: result?.fieldErrors,
        });
    });
  return { pending, outcome, save };
}
