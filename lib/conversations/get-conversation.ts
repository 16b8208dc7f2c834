import "server-only";
import { and, asc, desc, eq, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { messages, participants, users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { requireParticipant } from "./access";

export type ConversationMessage = {
  id: string;
  seq: number;
  kind: "user" | "customer" | "system";
  author: { id: string; name: string } | null;
  body: string;
  // The sender's own id for the send; lets their client swap its "sending…" copy for the stored one.
  clientMessageId: string | null;
  createdAt: Date;
};

/**
 * A conversation as its participant sees it: who is in it and its newest messages, oldest first.
 * Returns null for anyone else (the page shows a 404).
 */
export async function getConversation(
  db: Db,
  { actor, conversationId, limit = 100 }: { actor: TeamActor; conversationId: string; limit?: number },
) {
  let access: Awaited<ReturnType<typeof requireParticipant>>;
  try {
    access = await requireParticipant(db, actor, conversationId);
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
  const people = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(participants)
    .innerJoin(users, eq(users.id, participants.userId))
    .where(eq(participants.conversationId, conversationId))
    .orderBy(asc(participants.addedAt), asc(users.name));
  const page = await listMessages(db, { conversationId, limit });
  return {
    id: access.conversation.id,
    kind: access.conversation.kind,
    status: access.conversation.status,
    lastReadSeq: access.participant.lastReadSeq,
    people,
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
  await requireParticipant(db, actor, conversationId);
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
      authorId: users.id,
      authorName: users.name,
      body: messages.body,
      clientMessageId: messages.clientMessageId,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId))
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
      .map(({ authorId, authorName, ...message }) => ({
        ...message,
        author: authorId && authorName ? { id: authorId, name: authorName } : null,
      })),
  };
}
