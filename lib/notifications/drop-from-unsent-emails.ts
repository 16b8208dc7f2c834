import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries, emailBatches, emailOutbox } from "@/db/schema";
import { type Links, recomposeEmail } from "./email-sweep";

/**
 * A deleted message leaves every email that quotes it and has not been handed to the provider yet:
 * the email is written again without it, or, if it quoted nothing else, it is cancelled (and its
 * batch, if nothing is left in it). In the deleting transaction. A batch a sender has started on
 * (`sending_started_at`, committed before its first request) may already be with the provider, so
 * it is left as it is: rewriting it would break the promise that a retry is the same request.
 */
export async function dropFromUnsentEmails(
  tx: Db,
  { messageId, links }: { messageId: string; links?: Partial<Links> },
) {
  const carriers = await lockUnsentCarriers(tx, eq(deliveries.messageId, messageId));
  if (carriers.length === 0) return;
  const emailIds = [...new Set(carriers.map((row) => row.emailId))];
  await tx
    .update(deliveries)
    .set({ status: "cancelled", lastError: "message deleted" })
    .where(and(eq(deliveries.messageId, messageId), inArray(deliveries.carrierId, emailIds)));
  for (const emailId of emailIds) {
    const email = await recomposeEmail(tx, { emailId, links });
    await tx
      .update(emailOutbox)
      .set(
        email
          ? {
              subject: email.subject,
              html: email.html,
              text: email.text,
              fromName: email.fromName ?? null,
              // Its headers (its Message-ID, unsubscribe link) and reply address stay as they were.
            }
          : { status: "cancelled" },
      )
      .where(eq(emailOutbox.id, emailId));
  }
  await cancelEmptyBatches(tx, carriers);
}

/**
 * A person's emails (in one conversation, or all) that have not been handed to the provider are
 * cancelled, and the deliveries they carried wait again (pending, due at once), so that the sweep
 * decides again with what holds now. Called where that changes: a merged-away customer (the sweep
 * then writes to the kept one, lib/people/merge-customers.ts), and any change to whether someone
 * may be emailed (a setting, a mute, a pause, an unsubscribe, an admin's switch), so an email
 * written a moment before never goes to someone who has said no since. An email is one
 * recipient's, so every delivery it carries is theirs. A started batch is left to go as it is,
 * with its deliveries still queued on it: it is never sent twice.
 */
export async function takeBackUnsentEmails(
  tx: Db,
  {
    person,
    conversationId,
  }: { person: { userId: string } | { customerId: string }; conversationId?: string },
) {
  const recipient =
    "userId" in person
      ? eq(deliveries.recipientUserId, person.userId)
      : eq(deliveries.recipientCustomerId, person.customerId);
  const carriers = await lockUnsentCarriers(
    tx,
    conversationId ? sql`${recipient} and ${eq(deliveries.conversationId, conversationId)}` : recipient,
  );
  if (carriers.length === 0) return;
  const emailIds = [...new Set(carriers.map((row) => row.emailId))];
  await tx
    .update(deliveries)
    .set({ status: "pending", carrierId: null })
    .where(inArray(deliveries.carrierId, emailIds));
  await tx.update(emailOutbox).set({ status: "cancelled" }).where(inArray(emailOutbox.id, emailIds));
  await cancelEmptyBatches(tx, carriers);
}

/**
 * The unsent emails carrying the queued deliveries that `which` picks, with their batches locked:
 * the lock waits for a sender that holds one, and then sees whether it started.
 */
function lockUnsentCarriers(tx: Db, which: SQL) {
  return tx
    .select({ emailId: emailOutbox.id, batchId: emailOutbox.batchId })
    .from(deliveries)
    .innerJoin(emailOutbox, eq(emailOutbox.id, deliveries.carrierId))
    .innerJoin(emailBatches, eq(emailBatches.id, emailOutbox.batchId))
    .where(
      and(
        which,
        eq(deliveries.channel, "email"),
        eq(deliveries.status, "queued"),
        eq(emailOutbox.status, "pending"),
        eq(emailBatches.status, "pending"),
        sql`${emailBatches.sendingStartedAt} is null`,
      ),
    )
    .for("update", { of: emailBatches });
}

/** A batch left with no email to send is cancelled, so the sender never picks it up. */
async function cancelEmptyBatches(tx: Db, carriers: { batchId: string }[]) {
  await tx.execute(sql`
    update email_batches set status = 'cancelled'
    where id in ${sql`(${sql.join(
      [...new Set(carriers.map((row) => row.batchId))].map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`}
      and not exists (select 1 from email_outbox o where o.batch_id = email_batches.id and o.status = 'pending')`);
}
