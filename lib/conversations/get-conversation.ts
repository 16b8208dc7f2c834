import "server-only";
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers, messages, participants, users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { requireTeamAccess } from "./access";

export type ConversationMessage = {
  id: string;
  seq: number;
  kind: "user" | "customer" | "system";
  author: { id: string; name: string } | null;
  body: string;
  /** An internal note of a customer conversation: the team's only. */
  internal: boolean;
  // The sender's own id for the send; lets their client swap its "sending…" copy for the stored one.
  clientMessageId: string | null;
  createdAt: Date;
};

export type ConversationPerson = { id: string; name: string; email: string; kind: "user" | "customer" };

/**
 * A conversation as a team member who may see it sees it: who is in it (team members, then
 * customers) and its newest messages, oldest first. Returns null for anyone else (the page shows
 * a 404).
 */
export async function getConversation(
  db: Db,
  { actor, conversationId, limit = 100 }: { actor: TeamActor; conversationId: string; limit?: number },
) {
  let access: Awaited<ReturnType<typeof requireTeamAccess>>;
  try {
    access = await requireTeamAccess(db, actor, conversationId);
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
  const people = await db
    .select({
      id: sql<string>`coalesce(${users.id}, ${customers.id})`,
      name: sql<string>`coalesce(${users.name}, ${customers.name})`,
      email: sql<string>`coalesce(${users.email}, ${customers.email})`,
      kind: sql<ConversationPerson["kind"]>`case when ${users.id} is null then 'customer' else 'user' end`,
    })
    .from(participants)
    .leftJoin(users, eq(users.id, participants.userId))
    .leftJoin(customers, eq(customers.id, participants.customerId))
    .where(eq(participants.conversationId, conversationId))
    .orderBy(
      sql`${users.id} is null`,
      asc(participants.addedAt),
      sql`coalesce(${users.name}, ${customers.name})`,
    );
  const page = await listMessages(db, { conversationId, limit });
  return {
    id: access.conversation.id,
    kind: access.conversation.kind,
    status: access.conversation.status,
    // A customer-facing member looking in from outside has no read position and nothing unread.
    lastReadSeq: access.participant?.lastReadSeq ?? access.conversation.lastMessageSeq,
    isParticipant: access.participant !== null,
    muted: access.participant?.muted ?? false,
    people: people as ConversationPerson[],
    ...page,
  };
}

/**
 * Messages after `afterSeq`, oldest first: what a client fetches when told of a new message, and
 * to catch up after a dropped connection. `complete` is false when it is too far behind for one
 * answer (then it reloads the conversation). Participants only.
 */
export async function listMessagesSince(
  db: Db,
  { actor, conversationId, afterSeq }: { actor: TeamActor; conversationId: string; afterSeq: number },
): Promise<{ messages: ConversationMessage[]; complete: boolean }> {
  await requireTeamAccess(db, actor, conversationId);
  const page = await listMessages(db, { conversationId, afterSeq, limit: 200 });
  return { messages: page.messages, complete: !page.hasEarlier };
}

/** The newest messages (after `afterSeq`, if given), oldest first. Callers must have checked access. */
async function listMessages(
  db: Db,
  { conversationId, afterSeq, limit }: { conversationId: string; afterSeq?: number; limit: number },
): Promise<{ messages: ConversationMessage[]; hasEarlier: boolean }> {
  const rows = await db
    .select({
      id: messages.id,
      seq: messages.seq,
      kind: messages.authorKind,
      authorId: sql<string | null>`coalesce(${users.id}, ${customers.id})`,
      authorName: sql<string | null>`coalesce(${users.name}, ${customers.name})`,
      body: messages.body,
      visibility: messages.visibility,
      clientMessageId: messages.clientMessageId,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .leftJoin(customers, eq(customers.id, messages.authorCustomerId))
    .where(
      and(
        eq(messages.conversationId, conversationId),
        afterSeq === undefined ? undefined : gt(messages.seq, afterSeq),
      ),
    )
    .orderBy(desc(messages.seq))
    .limit(limit + 1);
  return {
    hasEarlier: rows.length > limit,
    messages: rows
      .slice(0, limit)
      .reverse()
      .map(({ authorId, authorName, visibility, ...message }) => ({
        ...message,
        internal: visibility === "internal",
        author: authorId && authorName ? { id: authorId, name: authorName } : null,
      })),
  };
}
