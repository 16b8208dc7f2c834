import { and, asc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jsonRows } from "@/db/json-rows";
import { deliveries, messages, participants, users, workspaces } from "@/db/schema";
import { clockFrom } from "@/lib/clock";
import type { EmailDriver } from "@/lib/email/driver";
import { type Email, queueEmails, sendDueEmails } from "@/lib/email/mailer";
import { unseenMessagesEmail } from "@/lib/email/templates/unseen-messages";
import { getEnv } from "@/lib/env";

/**
 * The email fallback sweep (DELIVERY-RULES, "The email itself"). Run by the cron route and by an
 * in-process timer; any number may run at once.
 * 1. Claims due deliveries (`FOR UPDATE SKIP LOCKED`) and, per recipient and conversation,
 *    cancels what the recipient has seen or may no longer get, and puts everything else still
 *    unseen in that conversation, due or not, into one outbox email.
 * 2. Sends due outbox emails, each once, with retries (lib/email/mailer.ts).
 * The two run side by side, so the provider's latency overlaps the batching of the next round.
 */
export async function runEmailSweep(
  db: Db,
  {
    driver,
    now = new Date(),
    appUrl = getEnv().APP_URL,
  }: { driver?: EmailDriver; now?: Date; appUrl?: string } = {},
) {
  const batched = { emails: 0, cancelled: 0 };
  // The sender waits for the batcher's next round rather than polling the outbox.
  let batching = true;
  let rounds = 0;
  let wake = () => {};
  const batchAll = async () => {
    try {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const { claimed, emails, cancelled } = await batchDueDeliveries(db, now, appUrl);
        batched.emails += emails;
        batched.cancelled += cancelled;
        rounds++;
        wake();
        if (claimed < CLAIM_LIMIT) return;
      }
    } finally {
      batching = false;
      wake();
    }
  };
  const sent = { sent: 0, retrying: 0, failed: 0 };
  const clock = clockFrom(now);
  const sendAll = async () => {
    for (;;) {
      const [roundsBefore, lastCall] = [rounds, !batching];
      const call = await sendDueEmails(db, { driver, now: clock() });
      sent.sent += call.sent;
      sent.retrying += call.retrying;
      sent.failed += call.failed;
      if (call.sent + call.retrying + call.failed > 0) continue;
      if (lastCall) return;
      if (rounds === roundsBefore && batching) await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  const outcomes = await Promise.allSettled([batchAll(), sendAll()]);
  for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
  return { ...batched, ...sent };
}

/** Deliveries claimed per transaction, and transactions per sweep: 20,000 a sweep at most. */
const CLAIM_LIMIT = 1_000;
const MAX_ROUNDS = 20;

type Group = { recipientId: string; conversationId: string };
const groupKey = (group: Group) => `${group.recipientId}:${group.conversationId}`;
const inGroups = (groups: Group[]) =>
  sql`(select * from json_to_recordset(${jsonRows(groups)}) as g("recipientId" uuid, "conversationId" uuid))`;

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
    if (groups.length === 0) return { claimed: due.length, emails: 0, cancelled: 0 };

    // Everything still unbatched for those recipients in those conversations, due or not.
    const pending = await tx
      .select({
        id: deliveries.id,
        recipientId: deliveries.recipientUserId,
        conversationId: deliveries.conversationId,
        seq: messages.seq,
        body: messages.body,
        createdAt: messages.createdAt,
        authorName: users.name,
      })
      .from(deliveries)
      .innerJoin(messages, eq(messages.id, deliveries.messageId))
      .leftJoin(users, eq(users.id, messages.authorUserId))
      .where(
        and(
          eq(deliveries.status, "pending"),
          isNull(deliveries.emailId),
          sql`(${deliveries.recipientUserId}, ${deliveries.conversationId}) in ${inGroups(groups)}`,
        ),
      )
      .orderBy(asc(messages.seq))
      .for("update", { of: deliveries, skipLocked: true });
    const pendingOf = new Map<string, typeof pending>();
    for (const row of pending) {
      const key = groupKey(row as Group);
      const rows = pendingOf.get(key);
      if (rows) rows.push(row);
      else pendingOf.set(key, [row]);
    }

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
      .where(sql`(${participants.userId}, ${participants.conversationId}) in ${inGroups(groups)}`);
    const recipientOf = new Map(recipients.map((row) => [groupKey(row as Group), row]));

    const dropped: string[] = [];
    // Each email, and the deliveries it carries (by the email's place in the list).
    const emails: Email[] = [];
    const carried: string[][] = [];
    for (const group of groups) {
      const recipient = recipientOf.get(groupKey(group));
      const rows = pendingOf.get(groupKey(group)) ?? [];
      const unseen = recipient?.allowed ? rows.filter((row) => row.seq > recipient.lastReadSeq) : [];
      dropped.push(...rows.filter((row) => !unseen.includes(row)).map((row) => row.id));
      if (!recipient || unseen.length === 0) continue;
      carried.push(unseen.map((row) => row.id));
      emails.push({
        to: recipient.email,
        workspaceId: recipient.workspaceId,
        // It quotes internal messages: in the dev mailbox, only its recipient may read it.
        privateToUserId: group.recipientId,
        ...(await unseenMessagesEmail({
          workspaceName: recipient.workspaceName,
          conversationUrl: new URL(`/messenger/c/${group.conversationId}`, appUrl).toString(),
          settingsUrl: new URL("/settings/notifications", appUrl).toString(),
          messages: unseen.map((row) => ({
            authorName: row.authorName ?? "Someone",
            body: row.body,
            sentAt: row.createdAt,
          })),
        })),
      });
    }

    if (dropped.length > 0)
      await tx.update(deliveries).set({ status: "cancelled" }).where(inArray(deliveries.id, dropped));
    if (emails.length > 0) {
      const { emailIds } = await queueEmails(tx, emails, now);
      const batched = emailIds.flatMap((emailId, index) =>
        (carried[index] ?? []).map((deliveryId) => ({ deliveryId, emailId })),
      );
      await tx.execute(sql`
        update deliveries set email_id = b."emailId", status = 'emailed'
        from json_to_recordset(${jsonRows(batched)}) as b("deliveryId" uuid, "emailId" uuid)
        where deliveries.id = b."deliveryId"`);
    }
    return { claimed: due.length, emails: emails.length, cancelled: dropped.length };
  });
}
