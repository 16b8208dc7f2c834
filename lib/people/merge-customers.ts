import { and, asc, eq, inArray, isNull, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attachments, conversations, customers, deliveries, items, participants } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/permissions";
import { closeLiveConnections, endEverySession } from "@/lib/auth/sessions";
import { DomainError, isLockNotAvailable } from "@/lib/domain-error";
import { takeBackUnsentEmails } from "@/lib/notifications/drop-from-unsent-emails";
import { isUuid } from "@/lib/uuid";
import { customerNotFound } from "./customers";

/**
 * An admin merges two customers who are the same person under two addresses. The kept customer
 * keeps their name, address and settings and takes over everything of the other's; the other is
 * deleted and signed out everywhere. What each table with a customer in it gets:
 * - participants: moved; in a thread both are in, one row is kept, with the further read position;
 * - messages and attachments: their author and uploader become the kept customer;
 * - items: the kept customer becomes the requester;
 * - deliveries: moved; one both have for the same message is kept once (the kept customer's). An
 *   unsent email to the merged-away address is cancelled and its deliveries wait again, so the sweep
 *   writes them to the kept customer; an email already with the provider goes as it is, once;
 * - presence: the latest of the two; auth_sessions: the merged-away customer's end;
 * - external_id (a site's id for them) and a block: the kept customer's, or else the merged-away one's;
 * - customer_sign_in_tokens and workspace_email_recipients are by address, not customer: untouched.
 *
 * One transaction. It locks the merged-away customer's threads before the customer row, the order a
 * send takes (thread, then the people it names), so that a send in one of them waits for the merge
 * and then reaches the kept customer. A thread made with the merged-away customer after the threads
 * were listed is locked without waiting: if a send holds it, the merge starts again rather than risk
 * a deadlock with it.
 */
export async function mergeCustomers(
  db: Db,
  {
    actor,
    keepCustomerId,
    mergeCustomerId,
    now = new Date(),
  }: { actor: TeamActor; keepCustomerId: string; mergeCustomerId: string; now?: Date },
): Promise<{ id: string; name: string; email: string | null }> {
  requireAdmin(actor, "Only admins can merge customers.");
  if (!isUuid(keepCustomerId) || !isUuid(mergeCustomerId)) throw customerNotFound();
  if (keepCustomerId === mergeCustomerId)
    throw new DomainError("invalid_input", "Choose two different customers to merge.");
  const input = { workspaceId: actor.workspaceId, keepId: keepCustomerId, mergeId: mergeCustomerId, now };
  const { kept, endedSessions } = await inMergeTransaction(db, (tx) => mergeInTransaction(tx, input));
  await closeLiveConnections(endedSessions);
  return kept;
}

/**
 * Runs `work` (which merges, among other things) in a transaction, again from the start while a
 * thread it must change is held by a send (see mergeCustomers), or while a unique address it
 * writes was taken meanwhile (`retryOn`), a few times.
 */
export async function inMergeTransaction<T>(
  db: Db,
  work: (tx: Db) => Promise<T>,
  retryOn: (error: unknown) => boolean = () => false,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (!(error instanceof ThreadBusy || retryOn(error)) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

const MAX_ATTEMPTS = 5;

/** A thread the merge must change is held by a send that may be waiting for the merge. */
class ThreadBusy extends Error {}

/** The merge itself, in the caller's transaction (see mergeCustomers); run it through inMergeTransaction. */
export async function mergeInTransaction(
  tx: Db,
  { workspaceId, keepId, mergeId, now }: { workspaceId: string; keepId: string; mergeId: string; now: Date },
) {
  const locked = await lockThreadsOf(tx, mergeId, [], { wait: true });
  const [keep] = await tx
    .select({ id: customers.id, name: customers.name, email: customers.email })
    .from(customers)
    .where(and(eq(customers.id, keepId), eq(customers.workspaceId, workspaceId)))
    // Another merge or edit of the kept customer waits; sends naming them do not.
    .for("no key update");
  const [merged] = await tx
    .select({ id: customers.id, externalId: customers.externalId, blockedAt: customers.blockedAt })
    .from(customers)
    .where(and(eq(customers.id, mergeId), eq(customers.workspaceId, workspaceId)))
    .for("update");
  if (!keep || !merged) throw customerNotFound();
  // From here nothing new can name the merged-away customer: threads made meanwhile are listed now.
  await lockThreadsOf(tx, mergeId, locked, { wait: false });

  // Deliveries first, while the sweep may hold some: the lock waits for its batch to commit.
  await tx
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(eq(deliveries.recipientCustomerId, mergeId), inArray(deliveries.status, ["pending", "queued"])),
    )
    .for("update");
  await takeBackUnsentEmails(tx, { person: { customerId: mergeId } });
  await tx.execute(sql`
    delete from deliveries d
    where d.recipient_customer_id = ${mergeId}
      and exists (select 1 from deliveries k
                  where k.recipient_customer_id = ${keepId} and k.message_id = d.message_id and k.channel = d.channel)`);
  await tx
    .update(deliveries)
    .set({ recipientCustomerId: keepId })
    .where(eq(deliveries.recipientCustomerId, mergeId));

  // A thread both are in keeps the kept customer's row, with whatever either had seen or done.
  await tx.execute(sql`
    update participants k set
      last_read_seq = greatest(k.last_read_seq, m.last_read_seq),
      has_sent = k.has_sent or m.has_sent,
      has_received = k.has_received or m.has_received,
      created_at = least(k.created_at, m.created_at)
    from participants m
    where m.conversation_id = k.conversation_id and k.customer_id = ${keepId} and m.customer_id = ${mergeId}`);
  await tx.execute(sql`
    delete from participants m
    where m.customer_id = ${mergeId}
      and exists (select 1 from participants k where k.conversation_id = m.conversation_id and k.customer_id = ${keepId})`);
  await tx.update(participants).set({ customerId: keepId }).where(eq(participants.customerId, mergeId));

  // A client message id is unique per author: the rare one both used is dropped from the moved
  // message (it only deduplicates retries, and the merged-away customer sends no more).
  await tx.execute(sql`
    update messages m set
      author_customer_id = ${keepId},
      client_message_id = case when exists (
        select 1 from messages k where k.author_customer_id = ${keepId} and k.client_message_id = m.client_message_id
      ) then null else m.client_message_id end
    where m.author_customer_id = ${mergeId}`);
  await tx
    .update(attachments)
    .set({ uploaderCustomerId: keepId })
    .where(eq(attachments.uploaderCustomerId, mergeId));
  await tx.update(items).set({ requesterCustomerId: keepId }).where(eq(items.requesterCustomerId, mergeId));
  await tx.execute(sql`
    insert into presence (workspace_id, customer_id, last_seen_at)
    select workspace_id, ${keepId}, last_seen_at from presence where customer_id = ${mergeId}
    on conflict (customer_id) do update set last_seen_at = greatest(presence.last_seen_at, excluded.last_seen_at)`);

  const endedSessions = await endEverySession(tx, { customerId: mergeId }, now);
  // What still names the merged-away customer (their presence, sessions) goes with them.
  await tx.delete(customers).where(eq(customers.id, mergeId));
  // The id a site vouches for them by (lib/chat/identity.ts) comes along, unless the kept one has
  // its own; so does a block, so that confirming an address is no way out of one.
  if (merged.externalId)
    await tx
      .update(customers)
      .set({ externalId: merged.externalId })
      .where(and(eq(customers.id, keepId), isNull(customers.externalId)));
  if (merged.blockedAt)
    await tx
      .update(customers)
      .set({ blockedAt: merged.blockedAt })
      .where(and(eq(customers.id, keepId), isNull(customers.blockedAt)));
  return { kept: keep, endedSessions };
}

/**
 * Locks the customer's threads not already in `locked`, in id order, and answers every one locked.
 * Without waiting, a thread held by someone else makes the merge start again (ThreadBusy).
 */
async function lockThreadsOf(tx: Db, customerId: string, locked: string[], { wait }: { wait: boolean }) {
  const theirs = tx
    .select({ id: participants.conversationId })
    .from(participants)
    .where(eq(participants.customerId, customerId));
  try {
    const rows = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(
        and(
          inArray(conversations.id, theirs),
          locked.length > 0 ? notInArray(conversations.id, locked) : undefined,
        ),
      )
      .orderBy(asc(conversations.id))
      .for("update", wait ? {} : { noWait: true });
    return [...locked, ...rows.map((row) => row.id)];
  } catch (error) {
    if (!wait && isLockNotAvailable(error)) throw new ThreadBusy();
    throw error;
  }
}
