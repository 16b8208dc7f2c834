import { and, asc, eq, gt, gte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jsonRows } from "@/db/json-rows";
import { emailBatches, emailOutbox, rateLimits, workspaceEmailRecipients } from "@/db/schema";
import { DomainError } from "@/lib/domain-error";
import { configuredLimit } from "@/lib/env";
import { waitInWords } from "@/lib/rate-limit";

/**
 * Mail from a workspace to addresses it has never emailed: at most 20 new addresses in each clock
 * hour, unless NEW_ADDRESSES_PER_HOUR says otherwise. A support team writes first to a handful of
 * new people in an hour (customers who come in through the chat page ask for their first email
 * themselves, and do not count); someone who signed up to mail strangers from our sender gets 20
 * at once, then 20 an hour, not 49 a second. Mail past the quota is not dropped: it waits for an
 * hour with room.
 */
export const newAddressesPerHour = () => configuredLimit("NEW_ADDRESSES_PER_HOUR");

const HOUR_MS = 3_600_000;
const hourOf = (at: Date) => Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
/** The counter of each hour's new addresses, in the rate-limit table (pruned with the others). */
const counterKey = (workspaceId: string) => `new-addresses:${workspaceId}`;
const normalized = (email: string) => email.trim().toLowerCase();

/** Shown on an email that waits, in the dev mailbox and the admin's list of emails in trouble. */
export const HELD_BACK =
  "Held back: this workspace has reached its hourly quota of new addresses. It goes when the quota allows.";

export type Recipient = { workspaceId: string; email: string; requestedByRecipient?: boolean };

/**
 * When the workspace's mail to each recipient may go, by workspace and address. Now, for mail the
 * recipient asked for, and for an address the workspace has emailed before (unless its first
 * email still waits: then not before that one). For a new address, the first hour with room in
 * the quota (now, if this hour has room): it is recorded as first emailed then, and counted
 * against that hour, under a lock per workspace, so the quota holds however many sweeps queue mail
 * at once. In the caller's transaction: a rollback books nothing.
 */
export async function scheduleWorkspaceMail(tx: Db, recipients: Recipient[], now: Date) {
  const dueAt = new Map<string, Date>();
  const keyOf = (r: { workspaceId: string; email: string }) => `${r.workspaceId}:${normalized(r.email)}`;
  const settle = (rows: { workspaceId: string; email: string; at: Date }[]) => {
    for (const row of rows) dueAt.set(keyOf(row), row.at);
  };
  // No work for mail the recipient asked for (the mailer records its address once it went), so a
  // sign-in link costs the same whether or not the address is known anywhere.
  settle(unique(recipients.filter((r) => r.requestedByRecipient)).map((r) => ({ ...r, at: now })));

  const unsettled = (rows: Recipient[]) => unique(rows).filter((r) => !dueAt.has(keyOf(r)));
  // No lock for known addresses: an address, once known, stays known.
  settle(await whenKnownMayGo(tx, unsettled(recipients), now));
  const fresh = unsettled(recipients);
  // One workspace at a time, always in the same order, so two sweeps never wait on each other in a circle.
  for (const workspaceId of [...new Set(fresh.map((r) => r.workspaceId))].sort()) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${counterKey(workspaceId)}))`);
    // Another sweep may have booked some of them while this one waited for the lock.
    settle(await whenKnownMayGo(tx, unsettled(fresh.filter((r) => r.workspaceId === workspaceId)), now));
    const toBook = unsettled(fresh.filter((r) => r.workspaceId === workspaceId));
    if (toBook.length === 0) continue;
    const slots = await bookHours(tx, workspaceId, toBook.length, now);
    const booked = toBook.map((r, index) => ({ workspaceId, email: r.email, at: slots[index] as Date }));
    await tx
      .insert(workspaceEmailRecipients)
      .values(booked.map((r) => ({ workspaceId, email: r.email, firstEmailedAt: r.at })))
      .onConflictDoNothing();
    settle(booked);
  }
  return (workspaceId: string, email: string) => dueAt.get(keyOf({ workspaceId, email })) ?? now;
}

/** The known ones of these addresses, and when mail to each may go. */
async function whenKnownMayGo(db: Db, recipients: { workspaceId: string; email: string }[], now: Date) {
  const known = await knownOf(db, recipients);
  // Only an address recorded for later can still have its first email waiting.
  const waiting = await heldBack(
    db,
    known.filter((r) => r.firstEmailedAt > now),
    now,
  );
  const until = new Map(waiting.map((r) => [`${r.workspaceId}:${r.email}`, r.until]));
  return known.map((r) => ({ ...r, at: until.get(`${r.workspaceId}:${r.email}`) ?? now }));
}

/**
 * Refuses, before anything is written, to start writing to more new addresses than the quota has
 * room for this hour, with how long to wait; the person can add fewer people instead. Addresses
 * the workspace has emailed before are not counted. The mailer still enforces the quota: this is
 * the clear answer up front, rather than emails that wait without the sender knowing.
 */
export async function requireRoomForNewAddresses(
  db: Db,
  { workspaceId, emails, now }: { workspaceId: string; emails: string[]; now: Date },
) {
  const wanted = unique(emails.map((email) => ({ workspaceId, email })));
  const known = new Set((await knownOf(db, wanted)).map((r) => normalized(r.email)));
  const count = wanted.filter((r) => !known.has(r.email)).length;
  if (count === 0) return;
  const quota = newAddressesPerHour();
  const used = await hoursBooked(db, workspaceId, now);
  const roomIn = (hour: number) => quota - (used.get(hour) ?? 0);
  const thisHour = hourOf(now);
  if (roomIn(thisHour) >= count) return;
  const tooMany = count > quota;
  let hour = thisHour + HOUR_MS;
  while (roomIn(hour) < (tooMany ? quota : count)) hour += HOUR_MS;
  const seconds = Math.max(1, Math.ceil((hour - now.getTime()) / 1000));
  const limit = `This workspace can email ${quota} new addresses an hour`;
  throw new DomainError(
    "rate_limited",
    tooMany
      ? `${limit}; add at most ${quota} people it has not emailed before.`
      : roomIn(thisHour) > 0
        ? `${limit}, and ${roomIn(thisHour)} more this hour; try again in ${waitInWords(seconds)} or add fewer people.`
        : `${limit}; try again in ${waitInWords(seconds)} or add fewer people.`,
    seconds,
  );
}

/** Takes `count` places in the quota, in the first hours with room from now on: when each may go. */
async function bookHours(tx: Db, workspaceId: string, count: number, now: Date): Promise<Date[]> {
  const quota = newAddressesPerHour();
  const used = await hoursBooked(tx, workspaceId, now);
  const slots: Date[] = [];
  for (let hour = hourOf(now); slots.length < count; hour += HOUR_MS) {
    const take = Math.min(count - slots.length, quota - (used.get(hour) ?? 0));
    if (take <= 0) continue;
    const at = new Date(Math.max(hour, now.getTime()));
    slots.push(...Array.from({ length: take }, () => at));
    await tx
      .insert(rateLimits)
      .values({ key: counterKey(workspaceId), windowStart: new Date(hour), hits: take })
      .onConflictDoUpdate({
        target: [rateLimits.key, rateLimits.windowStart],
        set: { hits: sql`${rateLimits.hits} + ${take}` },
      });
  }
  return slots;
}

/** New addresses counted in this hour and the hours booked after it, by the hour's start. */
async function hoursBooked(db: Db, workspaceId: string, now: Date) {
  const rows = await db
    .select({ windowStart: rateLimits.windowStart, hits: rateLimits.hits })
    .from(rateLimits)
    .where(
      and(eq(rateLimits.key, counterKey(workspaceId)), gte(rateLimits.windowStart, new Date(hourOf(now)))),
    )
    .orderBy(asc(rateLimits.windowStart));
  return new Map(rows.map((row) => [row.windowStart.getTime(), row.hits]));
}

/** The ones of these addresses their workspace has emailed (or booked), with when it first did. */
async function knownOf(db: Db, recipients: { workspaceId: string; email: string }[]) {
  if (recipients.length === 0) return [];
  const pairs = recipients.map(({ workspaceId, email }) => ({ workspaceId, email }));
  // One statement however many workspaces a sweep round mails.
  return db
    .select()
    .from(workspaceEmailRecipients)
    .where(
      sql`(${workspaceEmailRecipients.workspaceId}, ${workspaceEmailRecipients.email}) in (select * from json_to_recordset(${jsonRows(pairs)}) as r("workspaceId" uuid, email text))`,
    );
}

/**
 * The addresses among these whose first email is still held back by the quota, and until when.
 * The outbox says so, not the recorded time: a first email that went, or failed, holds nothing back.
 */
async function heldBack(db: Db, recipients: { workspaceId: string; email: string }[], now: Date) {
  if (recipients.length === 0) return [];
  const pairs = recipients.map(({ workspaceId, email }) => ({ workspaceId, email }));
  return db
    .select({
      workspaceId: sql<string>`${emailOutbox.workspaceId}`,
      email: sql<string>`lower(${emailOutbox.to})`,
      until: sql<Date>`max(${emailBatches.nextAttemptAt})`.mapWith(emailBatches.nextAttemptAt),
    })
    .from(emailOutbox)
    .innerJoin(emailBatches, eq(emailBatches.id, emailOutbox.batchId))
    .where(
      and(
        // Held emails carry this note until they go, so the admin's index of problems finds them.
        eq(emailOutbox.lastError, HELD_BACK),
        eq(emailBatches.status, "pending"),
        gt(emailBatches.nextAttemptAt, now),
        sql`(${emailOutbox.workspaceId}, lower(${emailOutbox.to})) in (select * from json_to_recordset(${jsonRows(pairs)}) as r("workspaceId" uuid, email text))`,
      ),
    )
    .groupBy(emailOutbox.workspaceId, sql`lower(${emailOutbox.to})`);
}

/** Each workspace's address once, lower-cased. */
function unique<T extends { workspaceId: string; email: string }>(rows: T[]) {
  const seen = new Map<string, T>();
  for (const row of rows) {
    const email = normalized(row.email);
    seen.set(`${row.workspaceId}:${email}`, { ...row, email });
  }
  return [...seen.values()];
}
