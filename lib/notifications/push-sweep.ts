import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  customers,
  deliveries,
  items,
  messageMentions,
  messages,
  participants,
  pushSubscriptions,
  users,
} from "@/db/schema";
import { clockFrom } from "@/lib/clock";
import { getEnv } from "@/lib/env";
import { groupBy } from "@/lib/group-by";
import type { PushOutcome, PushPayload, PushSender, PushTarget } from "@/lib/push/send-push";
import { webPushSender } from "@/lib/push/send-push";
import { removeGoneDevices } from "@/lib/push/subscriptions";
import { previewOf } from "@/lib/realtime/events";
import { nextAttemptAt } from "@/lib/retry-backoff";
import { cancelReason, cancelWithReasons } from "./cancel-reason";
import { claimDueDeliveries } from "./claim-deliveries";
import { inRecipientThreads } from "./in-recipient-threads";
import { pushPolicy } from "./push-policy";

/** Due deliveries claimed per round, and rounds per sweep. */
const CLAIM_LIMIT = 64;
const MAX_ROUNDS = 50;
/** Pushes in flight at once. */
const CONCURRENCY = 8;
/**
 * A claimed push is "queued" until its outcome is recorded; if that has not happened this long
 * after the claim (the sweep died mid-send), it is pending again, for the next sweep. Far longer
 * than a round can take: CLAIM_LIMIT pushes, CONCURRENCY at a time, each given up after 10 s.
 */
const LEASE_MS = 5 * 60_000;

export type PushSweepOutcome = { sent: number; retrying: number; failed: number; cancelled: number };

/**
 * The push sweep (DELIVERY-RULES: push), run beside the email sweep; any number may run at once.
 * Each round claims due push deliveries (`FOR UPDATE SKIP LOCKED`), with every other push of the
 * same member and thread still waiting (a retry in its backoff goes with the newer message, never
 * after it), and per member and thread: cancels what they have seen or may no longer get, and
 * sends what is left as one push about the thread's latest message to each of their devices. The
 * claim commits (the rows "queued", with a lease) before any push goes, so no transaction waits on
 * a push service, two sweeps never send the same rows, and a sweep that dies mid-send loses
 * nothing: its lease runs out and the next sweep takes the rows again. A push that went but whose
 * outcome was not recorded may so go twice; its tag and Topic make the second replace the first.
 */
export async function runPushSweep(
  db: Db,
  { now = new Date(), sender }: { now?: Date; sender?: PushSender } = {},
): Promise<PushSweepOutcome> {
  const total: PushSweepOutcome = { sent: 0, retrying: 0, failed: 0, cancelled: 0 };
  const vapid = getEnv().vapid;
  const send = sender ?? (vapid ? webPushSender(vapid) : null);
  const clock = clockFrom(now);
  await releaseExpiredLeases(db, now);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const claim = await claimPushes(db, {
      now,
      lease: new Date(clock().getTime() + LEASE_MS),
      pushOff: !send,
    });
    total.cancelled += claim.cancelled;
    if (send && claim.pushes.length > 0) {
      const outcomes = await inBatches(claim.pushes, CONCURRENCY, (push) =>
        Promise.all(push.targets.map((target) => send(target, push.payload))),
      );
      const counts = await recordOutcomes(db, claim, outcomes, clock());
      total.sent += counts.sent;
      total.retrying += counts.retrying;
      total.failed += counts.failed;
      total.cancelled += counts.cancelled;
    }
    if (claim.claimed < CLAIM_LIMIT) break;
  }
  return total;
}

/** Pushes claimed by a sweep that died before recording them go back to pending. */
async function releaseExpiredLeases(db: Db, now: Date) {
  await db
    .update(deliveries)
    .set({ status: "pending" })
    .where(and(eq(deliveries.channel, "push"), eq(deliveries.status, "queued"), lte(deliveries.dueAt, now)));
}

/** One push to send: about one thread, to every device of one member, carrying these deliveries. */
type Push = {
  userId: string;
  deliveryIds: string[];
  attempts: number;
  targets: PushTarget[];
  payload: PushPayload;
};

async function claimPushes(db: Db, { now, lease, pushOff }: { now: Date; lease: Date; pushOff: boolean }) {
  return db.transaction(async (tx) => {
    const due = await claimDueDeliveries(tx, { channel: "push", now, limit: CLAIM_LIMIT });
    if (due.length === 0) return { claimed: 0, cancelled: 0, pushes: [], lease };
    // With them, the other pushes still waiting in those threads for those members: retries.
    const waiting = await tx
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.channel, "push"),
          eq(deliveries.status, "pending"),
          inRecipientThreads(
            deliveries.recipientUserId,
            deliveries.conversationId,
            due.map((row) => ({ recipientId: row.userId as string, conversationId: row.conversationId })),
          ),
        ),
      )
      .for("update", { skipLocked: true });
    const rows = await tx
      .select({
        id: deliveries.id,
        userId: sql<string>`${deliveries.recipientUserId}`,
        conversationId: deliveries.conversationId,
        attempts: deliveries.attempts,
        seq: messages.seq,
        body: messages.body,
        authorName: sql<string | null>`coalesce(${users.name}, ${customers.name})`,
        mentioned: sql<boolean>`exists (select 1 from ${messageMentions}
          where ${messageMentions.messageId} = ${messages.id} and ${messageMentions.userId} = ${deliveries.recipientUserId})`,
        deleted: sql<boolean>`${messages.deletedAt} is not null`,
      })
      .from(deliveries)
      .innerJoin(messages, eq(messages.id, deliveries.messageId))
      .leftJoin(users, eq(users.id, messages.authorUserId))
      .leftJoin(customers, eq(customers.id, messages.authorCustomerId))
      .where(inArray(deliveries.id, [...new Set([...due, ...waiting].map((row) => row.id))]))
      .orderBy(asc(messages.seq));
    const groups = groupBy(rows, (row) => `${row.userId}:${row.conversationId}`);
    const recipients = await loadRecipients(
      tx,
      [...groups.values()].map((group) => group[0] as Row),
    );
    const recipientOf = new Map(recipients.map((row) => [`${row.userId}:${row.conversationId}`, row]));
    const devices = groupBy(
      await tx
        .select()
        .from(pushSubscriptions)
        .where(inArray(pushSubscriptions.userId, [...new Set(rows.map((row) => row.userId))])),
      (device) => device.userId,
    );

    const cancelled: { id: string; reason: string }[] = [];
    const pushes: Push[] = [];
    for (const [key, group] of groups) {
      const recipient = recipientOf.get(key);
      const targets = devices.get(group[0]?.userId ?? "") ?? [];
      const unseen: Row[] = [];
      for (const row of group) {
        const reason = whyNot(row, recipient, { pushOff, hasDevice: targets.length > 0 });
        if (reason) cancelled.push({ id: row.id, reason });
        else unseen.push(row);
      }
      const latest = unseen.at(-1);
      if (!recipient || !latest) continue;
      pushes.push({
        userId: latest.userId,
        deliveryIds: unseen.map((row) => row.id),
        // The newest message's count: a push fails for good once it has had all its attempts.
        attempts: Math.min(...unseen.map((row) => row.attempts)) + 1,
        targets: targets.map(({ endpoint, p256dh, auth }) => ({ endpoint, p256dh, auth })),
        payload: payloadOf(recipient, latest, unseen.length),
      });
    }
    await cancelWithReasons(tx, cancelled);
    const leased = pushes.flatMap((push) => push.deliveryIds);
    if (leased.length > 0)
      await tx
        .update(deliveries)
        .set({ status: "queued", dueAt: lease, attempts: sql`${deliveries.attempts} + 1` })
        .where(inArray(deliveries.id, leased));
    return { claimed: due.length, cancelled: cancelled.length, pushes, lease };
  });
}

type Row = {
  id: string;
  userId: string;
  conversationId: string;
  attempts: number;
  seq: number;
  body: string;
  authorName: string | null;
  mentioned: boolean;
  deleted: boolean;
};
type Recipient = Awaited<ReturnType<typeof loadRecipients>>[number];

/** Why a due push is not sent, as the receipt shows it; null when it goes. */
function whyNot(
  row: Row,
  recipient: Recipient | undefined,
  { pushOff, hasDevice }: { pushOff: boolean; hasDevice: boolean },
): string | null {
  if (row.deleted) return "message deleted";
  const reason = cancelReason(row, recipient, "push turned off");
  if (reason) return reason;
  if (pushOff) return "push is not set up on this server";
  if (!hasDevice) return "no device";
  return null;
}

/**
 * The members as they are now, with the push policy's own condition (the one planning used): a
 * mute, a push choice or a device list may have changed since the message was sent.
 */
function loadRecipients(tx: Db, groups: Row[]) {
  return tx
    .select({
      userId: sql<string>`${participants.userId}`,
      conversationId: participants.conversationId,
      lastReadSeq: participants.lastReadSeq,
      muted: participants.muted,
      allowed: sql<boolean>`${pushPolicy.team.mayReceive(sql`false`)}`,
      allowedIfMentioned: sql<boolean>`${pushPolicy.team.mayReceive(sql`true`)}`,
      itemKind: items.kind,
      itemNumber: items.number,
      itemTitle: items.title,
    })
    .from(participants)
    .innerJoin(users, eq(users.id, participants.userId))
    .leftJoin(items, eq(items.conversationId, participants.conversationId))
    .where(
      inRecipientThreads(
        participants.userId,
        participants.conversationId,
        groups.map(({ userId, conversationId }) => ({ recipientId: userId, conversationId })),
      ),
    );
}

/**
 * The title names the sender, or the item ("#12 Printer jams"); the body is a short preview of the
 * latest message, and says how many more there are. Its tag is the thread, so a newer push about it
 * replaces the notification.
 */
function payloadOf(recipient: Recipient, latest: Row, count: number): PushPayload {
  const sender = latest.authorName ?? "Someone";
  const preview = previewOf(latest.body);
  const more = count > 1 ? ` (+${count - 1} more)` : "";
  const onItem = recipient.itemNumber !== null;
  return {
    title: onItem ? `#${recipient.itemNumber} ${recipient.itemTitle ?? ""}`.trim() : sender,
    body: `${onItem ? `${sender}: ` : ""}${preview}${more}`,
    url: onItem ? `/items/${recipient.itemNumber}` : `/messenger/c/${latest.conversationId}`,
    tag: latest.conversationId,
  };
}

/** Runs `work` over `list`, at most `size` at a time, keeping the order. */
async function inBatches<T, R>(list: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < list.length; start += size)
    results.push(...(await Promise.all(list.slice(start, start + size).map(work))));
  return results;
}

/**
 * Each push's outcome over its devices: sent if any device's service took it; else retried while
 * a failure may pass (until the attempts run out), then failed; cancelled if every device was
 * gone. Gone devices are removed. Only rows still under this claim's lease are touched: rows a
 * later sweep took over, its lease having run out, are that sweep's to record.
 */
async function recordOutcomes(
  db: Db,
  { pushes, lease }: { pushes: Push[]; lease: Date },
  outcomes: PushOutcome[][],
  answeredAt: Date,
) {
  const counts = { sent: 0, retrying: 0, failed: 0, cancelled: 0 };
  await db.transaction(async (tx) => {
    for (const [index, push] of pushes.entries()) {
      const results = outcomes[index] ?? [];
      await removeGoneDevices(tx, {
        userId: push.userId,
        endpoints: push.targets.flatMap((target, device) =>
          results[device]?.kind === "gone" ? [target.endpoint] : [],
        ),
      });
      const { kind, set } = verdict(results, push.attempts, answeredAt);
      counts[kind]++;
      await tx
        .update(deliveries)
        .set(set)
        .where(
          and(
            inArray(deliveries.id, push.deliveryIds),
            eq(deliveries.status, "queued"),
            eq(deliveries.dueAt, lease),
          ),
        );
    }
  });
  return counts;
}

function verdict(results: PushOutcome[], attempts: number, answeredAt: Date) {
  if (results.some((result) => result.kind === "sent"))
    return { kind: "sent", set: { status: "sent", sentAt: answeredAt, lastError: null } } as const;
  const errors = results.flatMap((result) => ("error" in result ? [result] : []));
  const retries = errors.filter((result) => result.kind === "retry");
  const retryAt =
    retries.length > 0
      ? nextAttemptAt({
          attempts,
          answeredAt,
          retryAfterMs: Math.max(0, ...retries.map((result) => result.retryAfterMs ?? 0)),
        })
      : null;
  if (retryAt)
    return {
      kind: "retrying",
      set: { status: "pending", dueAt: retryAt, lastError: retries[0]?.error },
    } as const;
  if (errors.every((result) => result.kind === "gone"))
    return { kind: "cancelled", set: { status: "cancelled", lastError: "no device" } } as const;
  const failure = errors.find((result) => result.kind === "failed") ?? errors[0];
  return { kind: "failed", set: { status: "failed", lastError: failure?.error ?? "failed" } } as const;
}
