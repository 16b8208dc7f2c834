import { and, eq, isNull, type SQLWrapper, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, customers, participants, users } from "@/db/schema";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { isUuid } from "@/lib/uuid";

/**
 * The conversation, if this active team member may see it: they take part in it, it is the thread
 * of a ticket or task (which every team member may see), or it is a customer conversation and they
 * are customer-facing (who see all of them). `participant` is null in the last two cases. Anyone else, in this workspace or another, and any customer, is told it does
 * not exist, so that nothing leaks, not even that it exists.
 * With `lock`, the conversation row stays locked until the transaction ends (for changes that
 * count its participants).
 */
export async function requireTeamAccess(
  db: Db,
  actor: TeamActor,
  conversationId: string,
  { lock = false }: { lock?: boolean } = {},
) {
  // The types say TeamActor; this says it again at run time for callers that cast.
  if (actor.kind !== "user" || !isUuid(conversationId)) throw conversationNotFound();
  const query = db
    .select({ conversation: conversations, participant: participants })
    .from(conversations)
    // Checked here too, not only at sign-in: no path lets a deactivated member act.
    .innerJoin(
      users,
      and(
        eq(users.id, actor.userId),
        eq(users.workspaceId, conversations.workspaceId),
        isNull(users.deactivatedAt),
      ),
    )
    .leftJoin(
      participants,
      and(eq(participants.conversationId, conversations.id), eq(participants.userId, actor.userId)),
    )
    .where(
      and(
        eq(conversations.id, conversationId),
        eq(conversations.workspaceId, actor.workspaceId),
        teamMaySee({
          participantId: participants.id,
          onItem: conversations.onItem,
          kind: conversations.kind,
          customerFacing: users.customerFacing,
        }),
      ),
    );
  const [row] = lock ? await query.for("update", { of: conversations }) : await query;
  if (!row) throw conversationNotFound();
  return row;
}

/**
 * The team's rule, as a condition on a thread's columns, for queries that apply it to many rows
 * (search): the member takes part (their participant row), it is an item's thread, or it is a
 * customer conversation and they are customer-facing.
 */
export const teamMaySee = (columns: {
  participantId: SQLWrapper;
  onItem: SQLWrapper;
  kind: SQLWrapper;
  customerFacing: SQLWrapper;
}) =>
  sql`(${columns.participantId} is not null or ${columns.onItem} or (${columns.kind} = 'customer' and ${columns.customerFacing}))`;

/**
 * The customer conversation, if this customer takes part in it (and, for a session opened from an
 * email's link, it is that link's conversation). Anything else does not exist for them.
 */
export async function requireCustomerAccess(
  db: Db,
  actor: CustomerActor,
  conversationId: string,
  { lock = false }: { lock?: boolean } = {},
) {
  if (actor.kind !== "customer" || !isUuid(conversationId)) throw conversationNotFound();
  if (actor.onlyConversationId && actor.onlyConversationId !== conversationId) throw conversationNotFound();
  const query = db
    .select({ conversation: conversations, participant: participants })
    .from(conversations)
    .innerJoin(
      participants,
      and(eq(participants.conversationId, conversations.id), eq(participants.customerId, actor.customerId)),
    )
    .where(
      and(
        eq(conversations.id, conversationId),
        eq(conversations.workspaceId, actor.workspaceId),
        eq(conversations.kind, "customer"),
      ),
    );
  // Locking their participant row too makes a send that waited on the thread see it as it is now:
  // after a merge moved or removed it, they take part no more (lib/people/merge-customers.ts).
  const [row] = lock ? await query.for("update", { of: [conversations, participants] }) : await query;
  if (!row) throw conversationNotFound();
  return row;
}

/**
 * Refuses a customer an admin has blocked, politely. Their row is share-locked to the end of the
 * transaction (after the thread, the order a merge locks in), so a block waits for a send in
 * flight and every send after it is refused.
 */
export async function requireNotBlocked(tx: Db, actor: CustomerActor) {
  const [customer] = await tx
    .select({ blockedAt: customers.blockedAt })
    .from(customers)
    .where(eq(customers.id, actor.customerId))
    .for("share");
  // Merged into another customer meanwhile (a visitor who confirmed an address): this session is over.
  if (!customer)
    throw new DomainError("unauthenticated", "Your chat session has ended. Reload the page to go on.");
  if (customer.blockedAt)
    throw new DomainError(
      "customer_blocked",
      "Sorry, this chat cannot take messages from you. If you think this is a mistake, contact the team another way.",
    );
}

/** Who is reading a thread: a team member, or a customer on the chat page. */
export type Viewer = TeamActor | CustomerActor;

/** The thread, if the viewer may see it (their side's rule), or a `conversation_not_found` error. */
export function requireViewAccess(db: Db, viewer: Viewer, conversationId: string) {
  return viewer.kind === "customer"
    ? requireCustomerAccess(db, viewer, conversationId)
    : requireTeamAccess(db, viewer, conversationId);
}

/** A thread the viewer may not see is, to them, no thread at all. */
export async function orNull<T>(access: Promise<T>): Promise<T | null> {
  try {
    return await access;
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

export const conversationNotFound = () =>
  new DomainError("conversation_not_found", "This conversation does not exist, or you are not part of it.");
