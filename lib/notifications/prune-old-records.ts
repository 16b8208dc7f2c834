import type { Db } from "@/db/client";
import { pruneOrphanAttachments } from "@/lib/attachments/orphans";
import { attachmentStorage } from "@/lib/attachments/storage";
import { pruneSessions } from "@/lib/auth/sessions";
import { pruneRateLimits } from "@/lib/rate-limit";

const PRUNE_EVERY_MS = 3_600_000;
const globalForPrune = globalThis as unknown as { rateLimitsPrunedAt?: number };

/**
 * Ended rate-limit windows, and sessions ended or expired a week ago, are never read again; they go
 * with the sweep, now and then, and so do uploads nobody sent within a day (and deleted messages' files). Once an
 * hour per process is plenty, and the delete walks the window index, so it costs nothing next to
 * a sweep. A scheduler's fresh instances may prune more often, which is harmless. Says whether it did.
 */
export async function pruneOldRecordsNowAndThen(db: Db, now = new Date()) {
  const last = globalForPrune.rateLimitsPrunedAt;
  if (last !== undefined && now.getTime() - last < PRUNE_EVERY_MS) return false;
  globalForPrune.rateLimitsPrunedAt = now.getTime();
  await pruneRateLimits(db, now);
  await pruneSessions(db, now);
  await pruneOrphanAttachments(db, { storage: attachmentStorage, now });
  return true;
}
