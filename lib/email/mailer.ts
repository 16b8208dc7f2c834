import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries, emailOutbox, type OutboxEmail } from "@/db/schema";
import { type EmailDriver, getEmailDriver } from "./driver";

export type Email = {
  to: string;
  subject: string;
  html: string;
  text: string;
  workspaceId?: string;
  privateToUserId?: string;
};

/** A provider call that failed for a passing reason is tried this many times in all. */
export const MAX_ATTEMPTS = 6;
const FIRST_RETRY_MS = 30_000;

/** Writes an email to the outbox, the record of every email; the sweep (or sendNow) delivers it. */
export async function queueEmail(db: Db, email: Email, now = new Date()): Promise<OutboxEmail> {
  const [row] = await db
    .insert(emailOutbox)
    .values({ ...email, nextAttemptAt: now })
    .returning();
  if (!row) throw new Error("insert returned no email");
  return row;
}

/** For emails a person is waiting for (a sign-in link): queue it and try it at once; a failure is retried by the sweep. */
export async function sendEmailNow(db: Db, email: Email, driver = getEmailDriver()) {
  const row = await queueEmail(db, email);
  await sendDueEmails(db, { driver, onlyId: row.id });
}

/**
 * Sends due emails one at a time, each under its row lock (`FOR UPDATE SKIP LOCKED`), so two
 * sweeps never send the same email; the provider gets the email's idempotency key, so a crash
 * between sending and recording does not send it twice either. Returns how each ended.
 */
export async function sendDueEmails(
  db: Db,
  {
    driver = getEmailDriver(),
    now = new Date(),
    limit = 2_000,
    onlyId,
    concurrency = onlyId ? 1 : 8,
  }: { driver?: EmailDriver; now?: Date; limit?: number; onlyId?: string; concurrency?: number },
) {
  const counts = { sent: 0, retrying: 0, failed: 0 };
  let taken = 0;
  // Several workers, each claiming the next email under SKIP LOCKED: the provider's latency
  // overlaps instead of adding up, and no two workers ever hold the same email.
  const worker = async () => {
    while (taken < limit) {
      taken++;
      const outcome = await sendOne(db, { driver, now, onlyId });
      if (!outcome) return;
      counts[outcome]++;
      if (onlyId) return;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return counts;
}

async function sendOne(
  db: Db,
  { driver, now, onlyId }: { driver: EmailDriver; now: Date; onlyId?: string },
): Promise<"sent" | "retrying" | "failed" | null> {
  return db.transaction(async (tx) => {
    const [email] = await tx
      .select()
      .from(emailOutbox)
      .where(
        and(
          eq(emailOutbox.status, "pending"),
          lte(emailOutbox.nextAttemptAt, now),
          onlyId ? eq(emailOutbox.id, onlyId) : undefined,
        ),
      )
      .orderBy(asc(emailOutbox.nextAttemptAt))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!email) return null;
    const result = await driver.send(email, email.idempotencyKey);
    return recordResult(tx, email, result, now);
  });
}

async function recordResult(
  tx: Db,
  email: OutboxEmail,
  result: Awaited<ReturnType<EmailDriver["send"]>>,
  now: Date,
): Promise<"sent" | "retrying" | "failed"> {
  const attempts = email.attempts + 1;
  if (result.ok) {
    await tx
      .update(emailOutbox)
      .set({ status: "sent", attempts, providerId: result.providerId, lastError: null, sentAt: now })
      .where(eq(emailOutbox.id, email.id));
    await tx.update(deliveries).set({ status: "sent" }).where(eq(deliveries.emailId, email.id));
    return "sent";
  }
  if (result.retryable && attempts < MAX_ATTEMPTS) {
    // 30 s, 1 min, 2 min, 4 min, 8 min.
    const nextAttemptAt = new Date(now.getTime() + FIRST_RETRY_MS * 2 ** (attempts - 1));
    await tx
      .update(emailOutbox)
      .set({ attempts, lastError: result.error, nextAttemptAt })
      .where(eq(emailOutbox.id, email.id));
    return "retrying";
  }
  await tx
    .update(emailOutbox)
    .set({ status: "failed", attempts, lastError: result.error })
    .where(eq(emailOutbox.id, email.id));
  await tx
    .update(deliveries)
    .set({ status: "failed" })
    .where(and(eq(deliveries.emailId, email.id), sql`${deliveries.status} = 'pending'`));
  return "failed";
}
