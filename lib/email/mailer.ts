import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries, emailOutbox, type OutboxEmail } from "@/db/schema";
import { type EmailDriver, getEmailDriver, type SendResult } from "./driver";

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
 * Sends due emails. Each worker claims a batch under `FOR UPDATE SKIP LOCKED`, so two sweeps (or
 * two workers) never hold the same email, sends the batch in parallel so the provider's latency
 * overlaps, and records every result before it lets go. The provider gets each email's
 * idempotency key, so a crash between sending and recording does not send it twice either.
 */
export async function sendDueEmails(
  db: Db,
  {
    driver = getEmailDriver(),
    now = new Date(),
    limit = 5_000,
    onlyId,
    concurrency = onlyId ? 1 : 4,
    batchSize = onlyId ? 1 : 50,
  }: {
    driver?: EmailDriver;
    now?: Date;
    limit?: number;
    onlyId?: string;
    concurrency?: number;
    batchSize?: number;
  },
) {
  const counts = { sent: 0, retrying: 0, failed: 0 };
  let taken = 0;
  const worker = async () => {
    while (taken < limit) {
      taken += batchSize;
      const outcomes = await sendBatch(db, { driver, now, onlyId, batchSize });
      for (const outcome of outcomes) counts[outcome]++;
      if (outcomes.length < batchSize || onlyId) return;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return counts;
}

async function sendBatch(
  db: Db,
  { driver, now, onlyId, batchSize }: { driver: EmailDriver; now: Date; onlyId?: string; batchSize: number },
) {
  return db.transaction(async (tx) => {
    const emails = await tx
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
      .limit(batchSize)
      .for("update", { skipLocked: true });
    // A driver that throws (a bug, not an answer) is a passing failure: retried later, with backoff.
    const results = (
      await Promise.allSettled(emails.map((email) => driver.send(email, email.idempotencyKey)))
    ).map(
      (settled): SendResult =>
        settled.status === "fulfilled"
          ? settled.value
          : { ok: false, retryable: true, error: `driver error: ${String(settled.reason)}` },
    );
    const sent = emails.flatMap((email, index) => {
      const result = results[index];
      return result?.ok ? [{ id: email.id, providerId: result.providerId }] : [];
    });
    await recordSent(tx, sent, now);
    const outcomes: ("sent" | "retrying" | "failed")[] = sent.map(() => "sent");
    // The rare failures, one at a time.
    for (const [index, email] of emails.entries()) {
      const result = results[index];
      if (result && !result.ok) outcomes.push(await recordResult(tx, email, result, now));
    }
    return outcomes;
  });
}

/** All the batch's successes in two statements. */
async function recordSent(tx: Db, sent: { id: string; providerId: string }[], now: Date) {
  if (sent.length === 0) return;
  await tx.execute(sql`
    update email_outbox set status = 'sent', attempts = attempts + 1, provider_id = done.provider_id,
           last_error = null, sent_at = ${now}
    from (values ${sql.join(
      sent.map((row) => sql`(${row.id}::uuid, ${row.providerId})`),
      sql`, `,
    )}) as done(id, provider_id)
    where email_outbox.id = done.id`);
  await tx
    .update(deliveries)
    .set({ status: "sent" })
    .where(
      inArray(
        deliveries.emailId,
        sent.map((row) => row.id),
      ),
    );
}

/** A failure: try again later with backoff, or give up. */
async function recordResult(
  tx: Db,
  email: OutboxEmail,
  result: Extract<SendResult, { ok: false }>,
  now: Date,
): Promise<"retrying" | "failed"> {
  const attempts = email.attempts + 1;
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
