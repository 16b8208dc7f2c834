import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries, emailOutbox, messages, participants, users, workspaces } from "@/db/schema";
import type { EmailDriver } from "@/lib/email/driver";
import { type Email, sendDueEmails } from "@/lib/email/mailer";
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

type Group = { recipientId: string; conversationId: string };
const groupKey = (group: Group) => `${group.recipientId}:${group.conversationId}`;
const groupList = (groups: Group[]) =>
  sql.join(
    groups.map((group) => sql`(${group.recipientId}::uuid, ${group.conversationId}::uuid)`),
    sql`, `,
  );

/** Phase 1, set-based: a handful of statements however many recipients are due. */
async function batchDueDeliveries(db: Db, now: Date, appUrl: string) {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ recipientId: deliveries.recipientUserId, conversationId: deliveries.conversationId })
      .from(deliveries)
      .where(and(eq(deliveries.status, "pending"), isNull(deliveries.emailId), lte(deliveries.dueAt, now)))
      .orderBy(asc(deliveries.dueAt))
      .limit(CLAIM_LIMIT)
      .for("update", { skipLocked: true });
    const groups = [
      ...new Map(
        due.flatMap((row) => (row.recipientId ? [[groupKey(row as Group), row as Group] as const] : [])),
      ).values(),
    ];
    if (groups.length === 0) return { emails: 0, cancelled: 0 };

    // Everything still unbatched for those recipients in those conversations, due or not.
    const pending = await tx
      .select({
        id: deliveries.id,
        recipientId: deliveries.recipientUserId,
        conversationId: deliveries.conversationId,
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
          eq(deliveries.status, "pending"),
          isNull(deliveries.emailId),
          sql`(${deliveries.recipientUserId}, ${deliveries.conversationId}) in (${groupList(groups)})`,
        ),
      )
      .orderBy(asc(messages.seq))
      .for("update", { of: deliveries, skipLocked: true });

    // Who they are now, not when the message was sent: settings and mutes may have changed since.
    const recipients = await tx
      .select({
        recipientId: participants.userId,
        conversationId: participants.conversationId,
        email: users.email,
        lastReadSeq: participants.lastReadSeq,
        workspaceId: users.workspaceId,
        workspaceName: workspaces.name,
        allowed: sql<boolean>`${users.deactivatedAt} is null and ${users.notifyEmail} and not ${participants.muted} and ${workspaces.teamEmailEnabled}`,
      })
      .from(participants)
      .innerJoin(users, eq(users.id, participants.userId))
      .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
      .where(sql`(${participants.userId}, ${participants.conversationId}) in (${groupList(groups)})`);
    const recipientOf = new Map(recipients.map((row) => [groupKey(row as Group), row]));

    const dropped: string[] = [];
    const batched: { deliveryId: string; emailId: string }[] = [];
    const emails: (Email & { id: string; nextAttemptAt: Date })[] = [];
    for (const group of groups) {
      const recipient = recipientOf.get(groupKey(group));
      const rows = pending.filter(
        (row) => row.recipientId === group.recipientId && row.conversationId === group.conversationId,
      );
      const unseen = recipient?.allowed ? rows.filter((row) => row.seq > recipient.lastReadSeq) : [];
      dropped.push(...rows.filter((row) => !unseen.includes(row)).map((row) => row.id));
      if (!recipient || unseen.length === 0) continue;
      const id = randomUUID();
      batched.push(...unseen.map((row) => ({ deliveryId: row.id, emailId: id })));
      emails.push({
        id,
        nextAttemptAt: now,
        to: recipient.email,
        workspaceId: recipient.workspaceId,
        // It quotes internal messages: in the dev mailbox, only its recipient may read it.
        privateToUserId: group.recipientId,
        ...unseenMessagesEmail({
          workspaceName: recipient.workspaceName,
          conversationUrl: new URL(`/messenger/c/${group.conversationId}`, appUrl).toString(),
          settingsUrl: new URL("/settings/notifications", appUrl).toString(),
          messages: unseen.map((row) => ({
            authorName: row.authorName ?? "Someone",
            body: row.body,
            sentAt: row.createdAt,
          })),
        }),
      });
    }

    if (dropped.length > 0)
      await tx.update(deliveries).set({ status: "cancelled" }).where(inArray(deliveries.id, dropped));
    if (emails.length > 0) {
      await tx.insert(emailOutbox).values(emails);
      await tx.execute(sql`
        update deliveries set email_id = batch.email_id
        from (values ${sql.join(
          batched.map((row) => sql`(${row.deliveryId}::uuid, ${row.emailId}::uuid)`),
          sql`, `,
        )}) as batch(delivery_id, email_id)
        where deliveries.id = batch.delivery_id`);
    }
    return { emails: emails.length, cancelled: dropped.length };
  });
}
