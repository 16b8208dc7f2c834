import { and, asc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries, messages, participants, users, workspaces } from "@/db/schema";
import type { EmailDriver } from "@/lib/email/driver";
import { queueEmail, sendDueEmails } from "@/lib/email/mailer";
import { unseenMessagesEmail } from "@/lib/email/templates/unseen-messages";
import { getEnv } from "@/lib/env";

/**
 * The email fallback sweep (DELIVERY-RULES, "The email itself"). Run by the cron route and by an
 * in-process timer; any number may run at once.
 * 1. Claims due deliveries (`FOR UPDATE SKIP LOCKED`) and, per recipient and conversation,
 *    cancels what the recipient has seen or may no longer get, and puts everything else still
 *    unseen in that conversation, due or not, into one outbox email.
 * 2. Sends due outbox emails, each once, with retries (lib/email/mailer.ts).
 */
export async function runEmailSweep(
  db: Db,
  {
    driver,
    now = new Date(),
    appUrl = getEnv().APP_URL,
  }: { driver?: EmailDriver; now?: Date; appUrl?: string } = {},
) {
  const batched = await batchDueDeliveries(db, now, appUrl);
  const sending = await sendDueEmails(db, { driver, now });
  return { ...batched, ...sending };
}

const CLAIM_LIMIT = 1_000;

async function batchDueDeliveries(db: Db, now: Date, appUrl: string) {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ recipientId: deliveries.recipientUserId, conversationId: deliveries.conversationId })
      .from(deliveries)
      .where(and(eq(deliveries.status, "pending"), isNull(deliveries.emailId), lte(deliveries.dueAt, now)))
      .orderBy(asc(deliveries.dueAt))
      .limit(CLAIM_LIMIT)
      .for("update", { skipLocked: true });
    const batches = new Map(due.map((row) => [`${row.recipientId}:${row.conversationId}`, row]));
    let emails = 0;
    let cancelled = 0;
    for (const { recipientId, conversationId } of batches.values()) {
      if (!recipientId) continue;
      const outcome = await batchOne(tx, { recipientId, conversationId, now, appUrl });
      emails += outcome.emailed ? 1 : 0;
      cancelled += outcome.cancelled;
    }
    return { emails, cancelled };
  });
}

async function batchOne(
  tx: Db,
  {
    recipientId,
    conversationId,
    now,
    appUrl,
  }: { recipientId: string; conversationId: string; now: Date; appUrl: string },
) {
  const pending = await tx
    .select({
      id: deliveries.id,
      seq: messages.seq,
      body: messages.body,
      createdAt: messages.createdAt,
      authorName: sql<
        string | null
      >`(select name from users author where author.id = ${messages.authorUserId})`,
    })
    .from(deliveries)
    .innerJoin(messages, eq(messages.id, deliveries.messageId))
    .where(
      and(
        eq(deliveries.recipientUserId, recipientId),
        eq(deliveries.conversationId, conversationId),
        eq(deliveries.status, "pending"),
        isNull(deliveries.emailId),
      ),
    )
    .orderBy(asc(messages.seq))
    .for("update", { of: deliveries, skipLocked: true });

  // Who they are now, not when the message was sent: settings and mutes may have changed since.
  const [recipient] = await tx
    .select({
      email: users.email,
      name: users.name,
      lastReadSeq: participants.lastReadSeq,
      workspaceId: users.workspaceId,
      workspaceName: workspaces.name,
      allowed: sql<boolean>`${users.deactivatedAt} is null and ${users.notifyEmail} and not ${participants.muted} and ${workspaces.teamEmailEnabled}`,
    })
    .from(participants)
    .innerJoin(users, eq(users.id, participants.userId))
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(and(eq(participants.conversationId, conversationId), eq(participants.userId, recipientId)));

  const unseen = recipient?.allowed ? pending.filter((row) => row.seq > recipient.lastReadSeq) : [];
  const dropped = pending.filter((row) => !unseen.includes(row));
  if (dropped.length > 0) {
    await tx
      .update(deliveries)
      .set({ status: "cancelled" })
      .where(
        inArray(
          deliveries.id,
          dropped.map((row) => row.id),
        ),
      );
  }
  if (!recipient || unseen.length === 0) return { emailed: false, cancelled: dropped.length };

  const email = await queueEmail(
    tx,
    {
      to: recipient.email,
      workspaceId: recipient.workspaceId,
      // It quotes internal messages: in the dev mailbox, only its recipient may read it.
      privateToUserId: recipientId,
      ...unseenMessagesEmail({
        workspaceName: recipient.workspaceName,
        conversationUrl: new URL(`/messenger/c/${conversationId}`, appUrl).toString(),
        settingsUrl: new URL("/settings/notifications", appUrl).toString(),
        messages: unseen.map((row) => ({
          authorName: row.authorName ?? "Someone",
          body: row.body,
          sentAt: row.createdAt,
        })),
      }),
    },
    now,
  );
  await tx
    .update(deliveries)
    .set({ emailId: email.id })
    .where(
      inArray(
        deliveries.id,
        unseen.map((row) => row.id),
      ),
    );
  return { emailed: true, cancelled: dropped.length };
}
