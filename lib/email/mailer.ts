import { randomUUID } from "node:crypto";
import { setTimeout } from "node:timers/promises";
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jsonRows } from "@/db/json-rows";
import { deliveries, type EmailBatch, emailBatches, emailOutbox, type OutboxEmail } from "@/db/schema";
import { clockFrom } from "@/lib/clock";
import { nextAttemptAt as retryAt } from "@/lib/retry-backoff";
import { type BatchResult, type EmailDriver, getEmailDriver, MAX_BATCH } from "./driver";
import { HELD_BACK, scheduleWorkspaceMail } from "./new-address-quota";
import { holdOffSends, takeSendSlot } from "./send-pace";

export type Email = {
  to: string;
  /** The sender's display name, with the configured address ("Alice Admin via Acme Support"). */
  fromName?: string;
  subject: string;
  html: string;
  text: string;
  /** Headers the provider adds as they are: a notification's List-Unsubscribe (RFC 8058). */
  headers?: Record<string, string>;
  /** Where a reply goes: the thread's reply address, when replies by email are taken (lib/inbound/). */
  replyTo?: string;
  /** Mail a workspace sends counts against its hourly quota of new addresses (new-address-quota.ts). */
  workspaceId?: string;
  privateToUserId?: string;
  /**
   * Mail the recipient asked for themselves, such as a sign-in link: it goes at once and is not
   * counted against the quota of new addresses, so nobody is kept from signing in by someone
   * else's mail; it is rate-limited per address where it is requested.
   */
  requestedByRecipient?: boolean;
};

/**
 * Writes emails to the outbox, the record of every email, in batches of up to MAX_BATCH; the
 * sweep (or, for an email someone waits for, lib/email/send-soon.ts) delivers them. A handful of statements however many emails: the sweep
 * writes hundreds at a time. Every workspace's mail passes its quota of new addresses here, so no
 * way of sending can go around it: an email to a new address past the quota waits, in a batch due
 * when the quota has room, and goes then. Returns each email's id, in order, and the batches'.
 */
export async function queueEmails(db: Db, emails: Email[], now = new Date()) {
  if (emails.length === 0) return { emailIds: [], batchIds: [] };
  // Together or not at all: a sender must never claim a batch whose emails are not written yet,
  // and a quota place is taken only by an email that is written.
  return db.transaction(async (tx) => {
    const dueAt = await scheduleWorkspaceMail(
      tx,
      emails.flatMap(({ workspaceId, to, requestedByRecipient }) =>
        workspaceId ? [{ workspaceId, email: to, requestedByRecipient }] : [],
      ),
      now,
    );
    const rows = emails.map(({ requestedByRecipient: _, ...email }) => {
      const due = email.workspaceId ? dueAt(email.workspaceId, email.to) : now;
      return {
        row: { id: randomUUID(), ...email, ...(due > now && { lastError: HELD_BACK }) },
        due,
      };
    });
    // One batch holds emails due at the same time, so none is sent before its time.
    const byDue = new Map<number, typeof rows>();
    for (const row of rows) {
      const group = byDue.get(row.due.getTime());
      if (group) group.push(row);
      else byDue.set(row.due.getTime(), [row]);
    }
    const batches = [...byDue].flatMap(([due, group]) =>
      Array.from({ length: Math.ceil(group.length / MAX_BATCH) }, (_, index) => ({
        id: randomUUID(),
        nextAttemptAt: new Date(due),
        rows: group.slice(index * MAX_BATCH, (index + 1) * MAX_BATCH).map(({ row }) => row),
      })),
    );
    await tx.insert(emailBatches).values(batches.map(({ id, nextAttemptAt }) => ({ id, nextAttemptAt })));
    await tx
      .insert(emailOutbox)
      .values(batches.flatMap((batch) => batch.rows.map((row) => ({ ...row, batchId: batch.id }))));
    return { emailIds: rows.map(({ row }) => row.id), batchIds: batches.map((batch) => batch.id) };
  });
}

type Outcomes = { sent: number; retrying: number; failed: number };

/**
 * Sends due batches. Each worker claims one batch under `FOR UPDATE SKIP LOCKED`, so two sweeps
 * (or two workers) never hold the same emails, sends it as one request, and records every
 * outcome before it lets go. The batch's id is the request's idempotency key, and a batch always
 * holds the same emails in the same order, so a crash between sending and recording sends nothing
 * twice: the retry is the very same request. A driver with a rate limit takes each request's turn
 * in a pace every instance shares (send-pace.ts), so however many sweep, the provider never sees
 * more than its limit.
 */
export async function sendDueEmails(
  db: Db,
  {
    driver = getEmailDriver(),
    now = new Date(),
    limit = 5_000,
    onlyBatchId,
    concurrency = onlyBatchId ? 1 : 4,
  }: { driver?: EmailDriver; now?: Date; limit?: number; onlyBatchId?: string; concurrency?: number },
) {
  const counts: Outcomes = { sent: 0, retrying: 0, failed: 0 };
  // A long run must not schedule retries early: they are timed from when each answer came.
  const clock = clockFrom(now);
  const worker = async () => {
    while (counts.sent + counts.retrying + counts.failed < limit) {
      const outcomes = await sendOneBatch(db, { driver, now, clock, onlyBatchId });
      if (!outcomes) return;
      counts.sent += outcomes.sent;
      counts.retrying += outcomes.retrying;
      counts.failed += outcomes.failed;
      if (onlyBatchId) return;
    }
  };
  // Every worker finishes before the sweep returns or throws: none may go on sending behind it.
  const settled = await Promise.allSettled(Array.from({ length: concurrency }, worker));
  const errors = settled.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
  if (errors.length > 0)
    throw errors.length === 1 ? errors[0] : new AggregateError(errors, "email workers failed");
  return counts;
}

async function sendOneBatch(
  db: Db,
  {
    driver,
    now,
    clock,
    onlyBatchId,
  }: { driver: EmailDriver; now: Date; clock: () => Date; onlyBatchId?: string },
): Promise<Outcomes | null> {
  const dueBatch = (tx: Db, id?: string) =>
    tx
      .select()
      .from(emailBatches)
      .where(
        and(
          eq(emailBatches.status, "pending"),
          lte(emailBatches.nextAttemptAt, now),
          id ? eq(emailBatches.id, id) : undefined,
        ),
      )
      .orderBy(asc(emailBatches.nextAttemptAt))
      .limit(1)
      .for("update", { skipLocked: true });
  // The provider's rate limit holds across instances: wait for this request's slot first, holding
  // nothing (no lock, no connection) meanwhile.
  if (driver.requestsPerSecond) {
    const waitMs = await takeSendSlot(db, {
      provider: driver.name,
      requestsPerSecond: driver.requestsPerSecond,
      now,
      batchId: onlyBatchId,
    });
    if (waitMs === null) return null;
    if (waitMs > 0) await setTimeout(waitMs);
  }
  // First, on its own commit, mark the batch as handed over: a crash after the request leaves the
  // mark, so nothing (such as a deleted message dropping out) rewrites a batch the provider may have.
  const picked = await db.transaction(async (tx) => {
    const [batch] = await dueBatch(tx, onlyBatchId);
    if (batch && !batch.sendingStartedAt)
      await tx.update(emailBatches).set({ sendingStartedAt: now }).where(eq(emailBatches.id, batch.id));
    return batch?.id;
  });
  if (!picked) return null;
  return db.transaction(async (tx) => {
    const [batch] = await dueBatch(tx, picked);
    // Another worker took it in between: on to the next one.
    if (!batch) return { sent: 0, retrying: 0, failed: 0 };
    // Always in the same order: a retry must be the same request for the key to hold.
    const emails = await tx
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.batchId, batch.id), eq(emailOutbox.status, "pending")))
      .orderBy(asc(emailOutbox.id));
    if (emails.length === 0) {
      // Only if its emails were deleted with their workspace or recipient: nothing left to send.
      await tx
        .update(emailBatches)
        .set({ status: "failed", lastError: "no emails left in this batch" })
        .where(eq(emailBatches.id, batch.id));
      return { sent: 0, retrying: 0, failed: 0 };
    }
    let result: BatchResult;
    try {
      result = await driver.sendBatch(emails, batch.id);
    } catch (error) {
      // A driver that throws (a bug, not an answer) is a passing failure: retried later, with backoff.
      result = { ok: false, retryable: true, error: `driver error: ${String(error)}` };
    }
    // `now` chose what was due; a retry is scheduled from when the answer came.
    const answeredAt = clock();
    if (result.ok) return recordAnswer(tx, batch, emails, result.results, answeredAt);
    // A rate limit's retry-after holds every instance's sends, not only this batch's.
    if (driver.requestsPerSecond && result.retryAfterMs)
      await holdOffSends(tx, { provider: driver.name, ms: result.retryAfterMs });
    return recordRefusal(tx, batch, emails, result, answeredAt);
  });
}

/** The provider answered for each email: record who got theirs, and fail the ones it refused. */
async function recordAnswer(
  tx: Db,
  batch: EmailBatch,
  emails: OutboxEmail[],
  results: Extract<BatchResult, { ok: true }>["results"],
  now: Date,
): Promise<Outcomes> {
  const attempts = batch.attempts + 1;
  await tx
    .update(emailBatches)
    .set({ status: "sent", attempts, lastError: null })
    .where(eq(emailBatches.id, batch.id));
  const sent = emails.flatMap((email, index) => {
    const result = results[index];
    return result?.ok ? [{ id: email.id, providerId: result.providerId }] : [];
  });
  const refused = emails.flatMap((email, index) => {
    const result = results[index];
    return result?.ok ? [] : [{ id: email.id, error: result?.error ?? "no answer for this email" }];
  });
  if (sent.length > 0) {
    // One statement for the emails and the deliveries they carried: the sweep sends thousands.
    // (An address a workspace mails counts as known once the quota took it; mail its recipient
    // asked for makes it known only when they use it, lib/chat/sign-in-links.ts, or anyone could
    // make strangers "known" by asking for sign-in links in their name.)
    await tx.execute(sql`
      with done as (
        update email_outbox set status = 'sent', attempts = ${attempts}, provider_id = done."providerId",
               last_error = null, sent_at = ${now}
        from json_to_recordset(${jsonRows(sent)}) as done(id uuid, "providerId" text)
        where email_outbox.id = done.id
        returning email_outbox.id)
      update deliveries set status = 'sent', sent_at = ${now}, attempts = ${attempts}
      from done where deliveries.channel = 'email' and deliveries.carrier_id = done.id
        and deliveries.status = 'queued'`);
  }
  if (refused.length > 0) {
    await tx.execute(sql`
      update email_outbox set status = 'failed', attempts = ${attempts}, last_error = bad.error
      from json_to_recordset(${jsonRows(refused)}) as bad(id uuid, error text)
      where email_outbox.id = bad.id`);
    await tx.execute(sql`
      update deliveries set status = 'failed', attempts = ${attempts}, last_error = bad.error
      from json_to_recordset(${jsonRows(refused)}) as bad(id uuid, error text)
      where deliveries.channel = 'email' and deliveries.carrier_id = bad.id and deliveries.status = 'queued'`);
  }
  return { sent: sent.length, retrying: 0, failed: refused.length };
}

/** The provider refused the whole request: try again later with backoff, or give up. */
async function recordRefusal(
  tx: Db,
  batch: EmailBatch,
  emails: OutboxEmail[],
  result: Extract<BatchResult, { ok: false }>,
  now: Date,
): Promise<Outcomes> {
  const attempts = batch.attempts + 1;
  const ids = emails.map((email) => email.id);
  const nextAttemptAt = result.retryable
    ? retryAt({ attempts, answeredAt: now, retryAfterMs: result.retryAfterMs })
    : null;
  const retry = nextAttemptAt !== null;
  await tx
    .update(emailBatches)
    .set(
      retry
        ? { attempts, lastError: result.error, nextAttemptAt }
        : { status: "failed", attempts, lastError: result.error },
    )
    .where(eq(emailBatches.id, batch.id));
  await tx
    .update(emailOutbox)
    .set(
      retry ? { attempts, lastError: result.error } : { status: "failed", attempts, lastError: result.error },
    )
    .where(inArray(emailOutbox.id, ids));
  if (!retry)
    await tx
      .update(deliveries)
      .set({ status: "failed", attempts, lastError: result.error })
      .where(carriedBy(ids));
  return retry
    ? { sent: 0, retrying: emails.length, failed: 0 }
    : { sent: 0, retrying: 0, failed: emails.length };
}

/** The deliveries an email still carried (not those a deleted message dropped): its outcome is theirs. */
const carriedBy = (emailIds: string[]) =>
  and(
    eq(deliveries.channel, "email"),
    inArray(deliveries.carrierId, emailIds),
    eq(deliveries.status, "queued"),
  );
