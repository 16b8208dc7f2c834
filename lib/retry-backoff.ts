/**
 * How email and push retry a passing failure (a 429, a 5xx, no answer): this many attempts in all,
 * 30 s, 1 min, 2 min, 4 min, 8 min apart, or later if the service said when (DELIVERY-RULES).
 */
export const MAX_ATTEMPTS = 6;
const FIRST_RETRY_MS = 30_000;

/** When to try again after the `attempts`-th failed attempt; null when that was the last. */
export function nextAttemptAt({
  attempts,
  answeredAt,
  retryAfterMs = 0,
}: {
  attempts: number;
  answeredAt: Date;
  retryAfterMs?: number;
}): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const backoffMs = Math.max(FIRST_RETRY_MS * 2 ** (attempts - 1), retryAfterMs);
  return new Date(answeredAt.getTime() + backoffMs);
}
