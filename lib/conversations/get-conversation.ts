import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers, items, participants, users } from "@/db/schema";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { orNull, requireCustomerAccess, requireTeamAccess } from "./access";
import { customerTicketColumns, customerTicketOf } from "./customer-views";
import { readMessages } from "./list-messages";
import { isVisitor } from "./visitor";

export type ConversationPerson = {
  id: string;
  name: string;
  /** Null for a visitor, who has not confirmed an address: nothing is emailed to them. */
  email: string | null;
  kind: "user" | "customer";
  /** A customer with no confirmed address whom no site vouches for (lib/conversations/visitor.ts). */
  visitor: boolean;
  /** A visitor's address given and not yet confirmed. */
  pendingEmail: string | null;
  /** A customer an admin has blocked: their new messages are refused. */
  blocked: boolean;
};

/**
 * A conversation as a team member who may see it sees it: who is in it (team members, then
 * customers) and its newest messages, oldest first. Null for anyone else (the page shows a 404).
 */
export async function getConversation(
  db: Db,
  { actor, conversationId }: { actor: TeamActor; conversationId: string },
) {
  const access = await orNull(requireTeamAccess(db, actor, conversationId));
  if (!access) return null;
  const [people, page, [item]] = await Promise.all([
    db
      .select({
        id: sql<string>`coalesce(${users.id}, ${customers.id})`,
        name: sql<string>`coalesce(${users.name}, ${customers.name})`,
        email: sql<string | null>`coalesce(${users.email}, ${customers.email})`,
        kind: sql<ConversationPerson["kind"]>`case when ${users.id} is null then 'customer' else 'user' end`,
        pendingEmail: customers.pendingEmail,
        visitor: isVisitor,
        blocked: sql<boolean>`${customers.blockedAt} is not null`,
      })
      .from(participants)
      .leftJoin(users, eq(users.id, participants.userId))
      .leftJoin(customers, eq(customers.id, participants.customerId))
      .where(eq(participants.conversationId, conversationId))
      .orderBy(
        sql`${users.id} is null`,
        asc(participants.addedAt),
        sql`coalesce(${users.name}, ${customers.name})`,
      ),
    readMessages(db, actor, { conversationId }),
    access.conversation.onItem
      ? db
          .select({ number: items.number, title: items.title, kind: items.kind })
          .from(items)
          .where(eq(items.conversationId, conversationId))
      : [],
  ]);
  return {
    id: access.conversation.id,
    kind: access.conversation.kind,
    subject: access.conversation.subject,
    /** The ticket or task whose thread this is. */
    item: item ?? null,
    status: access.conversation.status,
    // A customer-facing member looking in from outside has no read position and nothing unread.
    lastReadSeq: access.participant?.lastReadSeq ?? access.conversation.lastMessageSeq,
    isParticipant: access.participant !== null,
    muted: access.participant?.muted ?? false,
    people: people as ConversationPerson[],
    ...page,
  };
}

/** One of the customer's conversations (or tickets) with its newest messages they may see; null for anyone else's. */
export async function getCustomerConversation(
  db: Db,
  { actor, conversationId }: { actor: CustomerActor; conversationId: string },
) {
  const access = await orNull(requireCustomerAccess(db, actor, conversationId));
  if (!access) return null;
  const [page, [ticket]] = await Promise.all([
    readMessages(db, actor, { conversationId }),
    access.conversation.onItem
      ? db.select(customerTicketColumns).from(items).where(eq(items.conversationId, conversationId))
      : [],
  ]);
  return {
    id: access.conversation.id,
    status: access.conversation.status,
    lastReadSeq: access.participant.lastReadSeq,
    ticket: ticket ? customerTicketOf(ticket) : null,
    ...page,
  };
}
