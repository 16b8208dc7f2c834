import type { ActionResult } from "@/lib/server-action";

/** An action's answer, with a lost connection answered like any other failure. */
export async function callAction<T>(call: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  return call().catch(() => ({
    ok: false as const,
    error: "internal" as const,
    message: "Could not reach the server. Check your connection and try again.",
  }));
}

/** Runs an action; the message to show when it did not work, or null when it did. */
export async function failureOf(call: () => Promise<ActionResult<unknown>>): Promise<string | null> {
  const result = await callAction(call);
  return result.ok ? null : result.message;
}
