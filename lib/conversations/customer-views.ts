import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, customers, items, messages, participants, users } from "@/db/schema";
import type { CustomerActor } from "@/lib/auth/actor";
import { customerVisible } from "./customer-visibility";

export type CustomerConversationRow = {
  id: string;
  status: "open" | "closed";
  /** What the team member who started it said it is about: the row's title, when there is one. */
  subject: string | null;
  lastMessageAt: Date;
  unread: boolean;
  preview: { authorName: string; body: string } | null;
  ticket: CustomerTicket | null;
};

/**
 * What a customer is shown of a ticket they follow: its number, title and status, never its
 * description or who works on it. Tasks are internal work, and never a customer's thread.
 */
export type CustomerTicket = {
  number: number;
  title: string;
  status: "open" | "in_progress" | "resolved" | "closed";
};

export const customerTicketColumns = {
  ticketNumber: items.number,
  ticketTitle: items.title,
  ticketStatus: items.status,
};

export const customerTicketOf = (row: {
  ticketNumber: number | null;
  ticketTitle: string | null;
  ticketStatus: CustomerTicket["status"] | null;
}): CustomerTicket | null =>
  row.ticketNumber === null || row.ticketTitle === null || row.ticketStatus === null
    ? null
    : { number: row.ticketNumber, title: row.ticketTitle, status: row.ticketStatus };

/** The customer's conversations and the tickets they follow, newest activity first (only the link's one, for a session from a link). */
export async function listCustomerConversations(
  db: Db,
  { actor, limit = 50 }: { actor: CustomerActor; limit?: number },
): Promise<CustomerConversationRow[]> {
  const rows = await db
    .select({
      id: participants.conversationId,
      status: conversations.status,
      subject: conversations.subject,
      lastMessageAt: participants.lastMessageAt,
      unread: sql<boolean>`${participants.latestSeq} > ${participants.lastReadSeq}`,
      authorName: sql<string | null>`coalesce(${users.name}, ${customers.name})`,
      body: messages.body,
      ...customerTicketColumns,
    })
    .from(participants)
    .innerJoin(conversations, eq(conversations.id, participants.conversationId))
    .leftJoin(items, eq(items.conversationId, participants.conversationId))
    .leftJoin(
      messages,
      and(
        eq(messages.conversationId, participants.conversationId),
        eq(messages.seq, participants.latestSeq),
        customerVisible,
      ),
    )
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .leftJoin(customers, eq(customers.id, messages.authorCustomerId))
    .where(
      and(
        eq(participants.customerId, actor.customerId),
        eq(participants.workspaceId, actor.workspaceId),
        actor.onlyConversationId ? eq(participants.conversationId, actor.onlyConversationId) : undefined,
      ),
    )
    .orderBy(desc(participants.lastMessageAt), desc(participants.conversationId))
    .limit(limit);
  return rows.map(({ authorName, body, ticketNumber, ticketTitle, ticketStatus, ...row }) => ({
    ...row,
    preview: body === null ? null : { authorName: authorName ?? "Someone", body: body.slice(0, 200) },
    ticket: customerTicketOf({ ticketNumber, ticketTitle, ticketStatus }),
  }));
}
