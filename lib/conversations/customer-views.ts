import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, customers, items, messages, participants, users } from "@/db/schema";
import type { CustomerActor } from "@/lib/auth/actor";
import { customerVisible } from "./customer-visibility";
import { shownBody } from "./shown-body";

export type CustomerConversationRow = {
  id: string;
  status: "open" | "closed";
  /** What the team member who started it said it is about: the row's title, when there is one. */
  subject: string | null;
  lastMessageAt: Date;
  unread: boolean;
  /** The newest message the customer may see; `mine` when they wrote it ("You: …"). */
  preview: { authorName: string; body: string; mine: boolean } | null;
  /** The team members who have replied to the customer here, newest first (at most 3): the row's avatars. */
  team: string[];
  ticket: CustomerTicket | null;
};

/** How far back a row looks for the team members who replied: enough for any real conversation's last replies. */
const REPLIERS_SCAN = 200;

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

/** The newest message of a customer's conversation, when the customer may see it: a row's preview. */
const newestVisibleMessage = and(
  eq(messages.conversationId, participants.conversationId),
  eq(messages.seq, participants.latestSeq),
  customerVisible,
);

/** The customer's own rows: their conversations in this workspace, or only the one their email's link opens. */
const theCustomersOwn = (actor: CustomerActor) =>
  and(
    eq(participants.customerId, actor.customerId),
    eq(participants.workspaceId, actor.workspaceId),
    actor.onlyConversationId ? eq(participants.conversationId, actor.onlyConversationId) : undefined,
  );

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
      body: shownBody,
      mine: sql<boolean>`${messages.authorCustomerId} is not distinct from ${actor.customerId}`,
      // Only those who wrote to the customer: they know these names already, and no one else's.
      team: sql<string[]>`array(
        select u.name from (
          select distinct on (recent.author_user_id) recent.author_user_id, recent.seq
          from (
            select m.author_user_id, m.seq from messages m
            where m.conversation_id = ${participants.conversationId} and m.author_kind = 'user'
              and m.visibility = 'public'
            order by m.seq desc limit ${REPLIERS_SCAN}
          ) recent
          order by recent.author_user_id, recent.seq desc
        ) replier
        join users u on u.id = replier.author_user_id
        order by replier.seq desc limit 3)`,
      ...customerTicketColumns,
    })
    .from(participants)
    .innerJoin(conversations, eq(conversations.id, participants.conversationId))
    .leftJoin(items, eq(items.conversationId, participants.conversationId))
    .leftJoin(messages, newestVisibleMessage)
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .leftJoin(customers, eq(customers.id, messages.authorCustomerId))
    .where(theCustomersOwn(actor))
    .orderBy(desc(participants.lastMessageAt), desc(participants.conversationId))
    .limit(limit);
  return rows.map(({ authorName, body, mine, team, ticketNumber, ticketTitle, ticketStatus, ...row }) => ({
    ...row,
    preview:
      body === null
        ? null
        : { authorName: authorName ?? "Someone", body: body.slice(0, 200), mine: Boolean(mine) },
    team: team ?? [],
    ticket: customerTicketOf({ ticketNumber, ticketTitle, ticketStatus }),
  }));
}

/** The newest reply a customer has not read: what the widget's launcher previews while it is closed. */
export type UnreadPreview = {
  conversationId: string;
  messageId: string;
  authorName: string;
  body: string;
  /** When it was sent (ms): the widget shows a badge for what came after the panel was last open. */
  at: number;
};

/** A conversation with a reply the customer has not read, and when its newest message came (ms). */
export type UnreadConversation = { conversationId: string; at: number };

/** More unread conversations than this read "99+" anyway. */
const UNREAD_IDS_LIMIT = 100;

/**
 * The customer's conversations with a reply they have not read, newest first (for the browser
 * tab's "(2)" and the widget's badge; the page leaves out the one on screen), and the newest such
 * reply. Only what a customer may see counts (an internal note moves nothing of theirs), and the
 * preview is of a message they may see.
 */
export async function customerUnreadSummary(
  db: Db,
  { actor }: { actor: CustomerActor },
): Promise<{ unread: UnreadConversation[]; latest: UnreadPreview | null }> {
  const rows = await db
    .select({
      conversationId: participants.conversationId,
      lastMessageAt: participants.lastMessageAt,
      messageId: messages.id,
      authorName: sql<string | null>`coalesce(${users.name}, ${customers.name})`,
      body: shownBody,
    })
    .from(participants)
    .leftJoin(messages, newestVisibleMessage)
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .leftJoin(customers, eq(customers.id, messages.authorCustomerId))
    .where(and(theCustomersOwn(actor), sql`${participants.latestSeq} > ${participants.lastReadSeq}`))
    .orderBy(desc(participants.lastMessageAt), desc(participants.conversationId))
    .limit(UNREAD_IDS_LIMIT);
  const [newest] = rows;
  return {
    unread: rows.map((row) => ({ conversationId: row.conversationId, at: row.lastMessageAt.getTime() })),
    latest:
      newest?.messageId && newest.body !== null
        ? {
            conversationId: newest.conversationId,
            messageId: newest.messageId,
            authorName: newest.authorName ?? "Someone",
            body: newest.body.slice(0, 200),
            at: newest.lastMessageAt.getTime(),
          }
        : null,
  };
}
