import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rateLimits } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";

/**
 * A limit: at most `max` hits per `windowSeconds`, and what to tell the person who reaches it (the
 * wait is added: "Too many messages at once. Try again in 40 seconds.").
 */
export type RateLimit = { name: string; max: number; windowSeconds: number; message: string };

function windowOf(limit: RateLimit, now: Date) {
  const ms = limit.windowSeconds * 1000;
  const start = new Date(Math.floor(now.getTime() / ms) * ms);
  const retryAfterSeconds = Math.max(1, Math.ceil((start.getTime() + ms - now.getTime()) / 1000));
  return { start, retryAfterSeconds };
}

/** Whom a limit counts: the person, on whichever device or instance they act from. */
export const rateSubjectOf = (actor: Actor) =>
  actor.kind === "user" ? `user:${actor.userId}` : `customer:${actor.customerId}`;

const keyOf = (limit: RateLimit, subject: string) => `${limit.name}:${subject}`;

function limited(limit: RateLimit, retryAfterSeconds: number) {
  return new DomainError(
    "rate_limited",
    `${limit.message} Try again in ${waitInWords(retryAfterSeconds)}.`,
    retryAfterSeconds,
  );
}

/**
 * Counts one hit for `subject` and throws `rate_limited` (with the wait) when it is past the limit.
 * One upsert, so concurrent requests on any number of instances count against the same row.
 */
export async function hitRateLimit(db: Db, limit: RateLimit, subject: string, now = new Date()) {
  const { start, retryAfterSeconds } = windowOf(limit, now);
  const [row] = await db
    .insert(rateLimits)
    .values({ key: keyOf(limit, subject), windowStart: start, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { hits: sql`${rateLimits.hits} + 1` },
    })
    .returning({ hits: rateLimits.hits });
  if ((row?.hits ?? 0) > limit.max) throw limited(limit, retryAfterSeconds);
}

/** Throws `rate_limited` if `subject` is already at the limit, without counting (for failures only). */
export async function checkRateLimit(db: Db, limit: RateLimit, subject: string, now = new Date()) {
  const { start, retryAfterSeconds } = windowOf(limit, now);
  const [row] = await db
    .select({ hits: rateLimits.hits })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, keyOf(limit, subject)), eq(rateLimits.windowStart, start)));
  if ((row?.hits ?? 0) >= limit.max) throw limited(limit, retryAfterSeconds);
}

/** Takes back one hit counted by hitRateLimit (an attempt that turned out not to count, such as a success). */
export async function refundRateLimitHit(db: Db, limit: RateLimit, subject: string, now = new Date()) {
  const { start } = windowOf(limit, now);
  await db
    .update(rateLimits)
    .set({ hits: sql`greatest(${rateLimits.hits} - 1, 0)` })
    .where(and(eq(rateLimits.key, keyOf(limit, subject)), eq(rateLimits.windowStart, start)));
}

/** Drops windows that ended long ago (run by the sweep); no limit is longer than a day. */
export async function pruneRateLimits(db: Db, now = new Date()) {
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(now.getTime() - 2 * 86_400_000)));
}

/** Minutes or seconds, for the message a person reads. */
export function waitInWords(seconds: number) {
  if (seconds < 90) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 90 ? `${minutes} minutes` : `${Math.ceil(minutes / 60)} hours`;
}
