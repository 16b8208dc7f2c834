import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customerSignInTokens, customers, participants } from "@/db/schema";
import type { CustomerActor } from "@/lib/auth/actor";
import { newLinkToken, SIGN_IN_LINKS_PER_ADDRESS, SIGN_IN_LINKS_PER_CLIENT } from "@/lib/auth/link-tokens";
import { endEverySession } from "@/lib/auth/sessions";
import { requireNotBlocked } from "@/lib/conversations/access";
import { DomainError, isUniqueViolation } from "@/lib/domain-error";
import { queueEmails } from "@/lib/email/mailer";
import { visitorConfirmationEmail } from "@/lib/email/templates/sign-in-link";
import { planEmailsForUnseen } from "@/lib/notifications/plan-unseen-emails";
import type { CustomerFields } from "@/lib/people/customer-records";
import { inMergeTransaction, mergeInTransaction } from "@/lib/people/merge-customers";
import { hitRateLimit, type RateLimit, rateSubjectOf } from "@/lib/rate-limit";
import { getChatWorkspace } from "@/lib/workspaces";
import { VISITOR_NAME } from "./visitors";

/** A confirmation link lasts a day: a visitor may read their email long after the chat. */
export const CONFIRMATION_HOURS = 24;

/** Addresses one visitor may ask to confirm, per hour: a typo or two, not a mailing list. */
export const CONFIRMATIONS_PER_VISITOR: RateLimit = {
  name: "visitor-confirmations",
  max: 3,
  windowSeconds: 3600,
  message: "You have asked for several confirmation emails this hour.",
};

/**
 * A visitor asks to be told of replies by email ("Notify me by email"). Their name is set at once;
 * the address is only stored as unconfirmed, and a link to confirm it is emailed, once: asking
 * again for the same address while its link still works sends nothing more. Nothing else is sent
 * to the address until the link is used (the email policy skips a customer with no confirmed
 * address), so the chat cannot be used to send mail to strangers. The email is queued, not sent.
 */
export async function requestVisitorEmail(
  db: Db,
  {
    actor,
    fields,
    appUrl,
    now = new Date(),
  }: {
    actor: CustomerActor;
    fields: CustomerFields;
    appUrl: string;
    now?: Date;
  },
): Promise<{ email: string; sent: boolean; batchIds: string[] }> {
  if (actor.email !== null)
    throw new DomainError("not_a_visitor", `Replies already reach you by email at ${actor.email}.`);
  const { name, email } = fields;
  const workspace = await getChatWorkspace(db, actor.workspaceId);
  return db.transaction(async (tx) => {
    // Locks their row: two requests at once send one email.
    const [visitor] = await tx
      .update(customers)
      .set({ name, pendingEmail: email })
      .where(and(eq(customers.id, actor.customerId), isNull(customers.email)))
      .returning({ id: customers.id });
    // Confirmed meanwhile (another tab used the link): nothing to ask for.
    if (!visitor) throw new DomainError("not_a_visitor", "Your address is already confirmed.");
    await requireNotBlocked(tx, actor);
    const [waiting] = await tx
      .select({ id: customerSignInTokens.id })
      .from(customerSignInTokens)
      .where(
        and(
          eq(customerSignInTokens.visitorCustomerId, visitor.id),
          eq(customerSignInTokens.email, email),
          isNull(customerSignInTokens.usedAt),
          gt(customerSignInTokens.expiresAt, now),
        ),
      );
    if (waiting) return { email, sent: false, batchIds: [] };

    await hitRateLimit(tx, CONFIRMATIONS_PER_VISITOR, rateSubjectOf(actor), now);
    // A new visitor costs nothing: their network shares the sign-in links' limit too.
    if (actor.clientAddress) await hitRateLimit(tx, SIGN_IN_LINKS_PER_CLIENT, actor.clientAddress, now);
    // Shared with sign-in links to the same address: one inbox gets a handful an hour at most.
    await hitRateLimit(tx, SIGN_IN_LINKS_PER_ADDRESS, `customer:${workspace.id}:${email}`, now);
    const { token, tokenHash } = newLinkToken();
    await tx.insert(customerSignInTokens).values({
      workspaceId: workspace.id,
      email,
      visitorCustomerId: visitor.id,
      tokenHash,
      expiresAt: new Date(now.getTime() + CONFIRMATION_HOURS * 3_600_000),
      createdAt: now,
    });
    const url = new URL(`/chat/${workspace.slug}/sign-in`, appUrl);
    url.searchParams.set("token", token);
    const { batchIds } = await queueEmails(
      tx,
      [
        {
          to: email,
          workspaceId: workspace.id,
          fromName: workspace.name,
          // Asked for on the chat page, limited per visitor and per address as sign-in links are.
          requestedByRecipient: true,
          ...(await visitorConfirmationEmail({
            url: url.toString(),
            workspaceName: workspace.name,
            hours: CONFIRMATION_HOURS,
          })),
        },
      ],
      now,
    );
    return { email, sent: true, batchIds };
  });
}

/**
 * A visitor's confirmation link is used, in the browser they wrote from (inside the transaction
 * that marked it used): whoever holds the visitor's session has shown the address is theirs too.
 * - if no customer has it, the visitor becomes that customer;
 * - if one does, the visitor is merged into them (their conversations move), and only now may a
 *   browser see that customer's earlier conversations: the one the link is opened in.
 * Either way every session the visitor had ends, since whoever typed the address may not be its
 * owner, who just opened the link. Replies the visitor has not seen are then planned by email.
 * A visitor already confirmed or merged (an older link) is left alone: the link signs in by address.
 * Returns the customer the link signs in, or null to sign in by address as any link does.
 */
export async function confirmVisitorEmail(
  tx: Db,
  {
    workspaceId,
    visitorId,
    email,
    now,
  }: { workspaceId: string; visitorId: string; email: string; now: Date },
): Promise<{ customerId: string; endedSessions: string[] } | null> {
  const [visitor] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(
      and(
        eq(customers.id, visitorId),
        eq(customers.workspaceId, workspaceId),
        isNull(customers.email),
        eq(customers.pendingEmail, email),
      ),
    );
  if (!visitor) return null;
  // Theirs only: the customer they are merged into may have unread replies that were never meant to be emailed.
  const theirThreads = (
    await tx
      .select({ id: participants.conversationId })
      .from(participants)
      .where(eq(participants.customerId, visitor.id))
  ).map((row) => row.id);
  const [owner] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.email, email)));
  let customerId: string;
  let endedSessions: string[];
  if (owner) {
    ({ endedSessions } = await mergeInTransaction(tx, {
      workspaceId,
      keepId: owner.id,
      mergeId: visitor.id,
      now,
    }));
    customerId = owner.id;
  } else {
    endedSessions = await endEverySession(tx, { customerId: visitor.id }, now);
    await tx.update(customers).set({ email, pendingEmail: null }).where(eq(customers.id, visitor.id));
    customerId = visitor.id;
  }
  await planEmailsForUnseen(tx, { customerId, conversationIds: theirThreads, now });
  return { customerId, endedSessions };
}

/**
 * Runs a link's use in a transaction that confirming a visitor can safely repeat: again from the
 * start if a thread to merge was busy, if another customer took the address meanwhile (then the
 * next attempt merges into them), or if the visitor was merged away meanwhile by another of their
 * links (then the next attempt signs in by the address).
 */
export const inConfirmTransaction = <T>(db: Db, work: (tx: Db) => Promise<T>) =>
  inMergeTransaction(
    db,
    work,
    (error) =>
      isUniqueViolation(error) || (error instanceof DomainError && error.code === "customer_not_found"),
  );

/**
 * What the "Notify me by email" form starts from, for a customer with no confirmed address (null
 * for anyone with one): their name, the address they (or the site that signed them in) gave, and
 * the address a link to confirm is waiting for, if one is.
 */
export async function getVisitorEmailState(db: Db, actor: CustomerActor, now = new Date()) {
  if (actor.email !== null) return null;
  const [visitor] = await db
    .select({
      name: customers.name,
      pendingEmail: customers.pendingEmail,
      // Spelled out: a one-table select names its columns without their table, which a subquery
      // on another table would take for its own.
      linkSentTo: sql<string | null>`(select t.email from customer_sign_in_tokens t
        where t.visitor_customer_id = customers.id and t.email = customers.pending_email
          and t.used_at is null and t.expires_at > ${now} limit 1)`,
    })
    .from(customers)
    .where(eq(customers.id, actor.customerId));
  if (!visitor) return null;
  // "Visitor" is what the team calls them, not a name to offer back.
  return { ...visitor, name: visitor.name === VISITOR_NAME ? "" : visitor.name };
}
