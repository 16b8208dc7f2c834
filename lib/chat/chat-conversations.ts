import { and, desc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, customers, messages, participants, users } from "@/db/schema";
import type { CustomerActor } from "@/lib/auth/actor";
import { isAdmin } from "@/lib/auth/permissions";
import { conversationNotFound, requireCustomerAccess } from "@/lib/conversations/access";
import { appendMessage } from "@/lib/conversations/append-message";
import { createAndAnnounce } from "@/lib/conversations/create-conversation";
import { findRetriedSend, withRetriedSend } from "@/lib/conversations/find-retried-send";
import { requireBody } from "@/lib/conversations/message-body";
import { readUpTo } from "@/lib/conversations/read-state";
import { sameConversation } from "@/lib/conversations/send-message";
import { startConversation } from "@/lib/conversations/start-conversation";
import { DomainError } from "@/lib/domain-error";
import { publish } from "@/lib/realtime/publish";
import { isUuid } from "@/lib/uuid";

/**
 * What a customer does on the chat page. Every read here shows public messages only: internal
 * notes and system lines are the team's, and no answer to a customer ever holds one.
 */

/** A message as a customer sees it: no team ids, no internal text. */
export type ChatMessage = {
  id: string;
  seq: number;
  mine: boolean;
  fromTeam: boolean;
  authorName: string;
  body: string;
  // Only on the customer's own messages: lets their client swap its "sending…" copy for the stored one.
  clientMessageId: string | null;
  createdAt: Date;
};

export type ChatConversationRow = {
  id: string;
  status: "open" | "closed";
  lastMessageAt: Date;
  unread: boolean;
  preview: { authorName: string; body: string } | null;
};

const publicMessages = and(eq(messages.visibility, "public"), ne(messages.authorKind, "system"));

/** The customer's conversations, newest activity first (only the link's one, for a session from a link). */
export async function listChatConversations(
  db: Db,
  { actor, limit = 50 }: { actor: CustomerActor; limit?: number },
): Promise<ChatConversationRow[]> {
  const rows = await db
    .select({
      id: participants.conversationId,
      status: conversations.status,
      lastMessageAt: participants.lastMessageAt,
      unread: sql<boolean>`${participants.latestSeq} > ${participants.lastReadSeq}`,
      authorName: sql<string | null>`coalesce(${users.name}, ${customers.name})`,
      body: messages.body,
    })
    .from(participants)
    .innerJoin(conversations, eq(conversations.id, participants.conversationId))
    .leftJoin(
      messages,
      and(
        eq(messages.conversationId, participants.conversationId),
        eq(messages.seq, participants.latestSeq),
        publicMessages,
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
  return rows.map(({ authorName, body, ...row }) => ({
    ...row,
    preview: body === null ? null : { authorName: authorName ?? "Someone", body: body.slice(0, 200) },
  }));
}

/** One of the customer's conversations with its newest messages, oldest first; null for anyone else's. */
export async function getChatConversation(
  db: Db,
  { actor, conversationId, limit = 100 }: { actor: CustomerActor; conversationId: string; limit?: number },
) {
  let access: Awaited<ReturnType<typeof requireCustomerAccess>>;
  try {
    access = await requireCustomerAccess(db, actor, conversationId);
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
  const page = await listChatMessages(db, actor, { conversationId, limit });
  return {
    id: access.conversation.id,
    status: access.conversation.status,
    lastReadSeq: access.participant.lastReadSeq,
    ...page,
  };
}

/** Public messages after `afterSeq`: what the chat page fetches when its channel says there is more. */
export async function listChatMessagesSince(
  db: Db,
  { actor, conversationId, afterSeq }: { actor: CustomerActor; conversationId: string; afterSeq: number },
): Promise<{ messages: ChatMessage[]; complete: boolean }> {
  await requireCustomerAccess(db, actor, conversationId);
  const page = await listChatMessages(db, actor, { conversationId, afterSeq, limit: 200 });
  return { messages: page.messages, complete: !page.hasEarlier };
}

async function listChatMessages(
  db: Db,
  actor: CustomerActor,
  { conversationId, afterSeq, limit }: { conversationId: string; afterSeq?: number; limit: number },
) {
  const rows = await db
    .select({
      id: messages.id,
      seq: messages.seq,
      authorKind: messages.authorKind,
      authorCustomerId: messages.authorCustomerId,
      authorName: sql<string | null>`coalesce(${users.name}, ${customers.name})`,
      body: messages.body,
      clientMessageId: messages.clientMessageId,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .leftJoin(customers, eq(customers.id, messages.authorCustomerId))
    .where(
      and(
        eq(messages.conversationId, conversationId),
        publicMessages,
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
      .map((row): ChatMessage => {
        const mine = row.authorCustomerId === actor.customerId;
        return {
          id: row.id,
          seq: row.seq,
          mine,
          fromTeam: row.authorKind === "user",
          authorName: row.authorName ?? "Someone",
          body: row.body,
          clientMessageId: mine ? row.clientMessageId : null,
          createdAt: row.createdAt,
        };
      }),
  };
}

/**
 * A customer starts a conversation from the chat page. The workspace's customer-facing team
 * members take part (its admins, if nobody is customer-facing), so it shows at once in their
 * Open Conversations and notifies them through the usual channels.
 */
export async function startChatConversation(
  db: Db,
  input: { actor: CustomerActor; body: string; clientMessageId: string; now?: Date },
): Promise<{ conversationId: string; messageId: string }> {
  const { actor, clientMessageId } = input;
  if (actor.onlyConversationId)
    throw new DomainError("sign_in_required", "Sign in with your email address to start a new conversation.");
  const body = requireBody(input.body);
  const sender = { customerId: actor.customerId };
  const retried = await findRetriedSend(db, { sender, clientMessageId });
  if (retried) return { conversationId: retried.conversationId, messageId: retried.id };

  return createAndAnnounce(db, { sender, clientMessageId }, () =>
    db.transaction(async (tx) => {
      const team = await tx
        .select({ id: users.id, customerFacing: users.customerFacing, role: users.role })
        .from(users)
        .where(and(eq(users.workspaceId, actor.workspaceId), isNull(users.deactivatedAt)));
      const facing = team.filter((member) => member.customerFacing);
      const followers = facing.length > 0 ? facing : team.filter(isAdmin);
      return startConversation(tx, {
        workspaceId: actor.workspaceId,
        kind: "customer",
        userIds: followers.map((member) => member.id),
        customerIds: [actor.customerId],
        author: { kind: "customer", customerId: actor.customerId, name: actor.name },
        body,
        clientMessageId,
        now: input.now ?? new Date(),
      });
    }),
  );
}

/** A customer's reply. It reopens a closed conversation. A retry stores it once. */
export async function sendChatMessage(
  db: Db,
  input: { actor: CustomerActor; conversationId: string; body: string; clientMessageId: string; now?: Date },
) {
  const { actor, clientMessageId } = input;
  const body = requireBody(input.body);
  const sender = { customerId: actor.customerId };
  const { message, events } = await withRetriedSend(
    db,
    { sender, clientMessageId },
    () =>
      db.transaction(async (tx) => {
        const { conversation } = await requireCustomerAccess(tx, actor, input.conversationId, { lock: true });
        const retried = await findRetriedSend(tx, { sender, clientMessageId });
        if (retried) return { message: sameConversation(retried, conversation.id), events: [] };
        if (conversation.status === "closed")
          await tx.update(conversations).set({ status: "open" }).where(eq(conversations.id, conversation.id));
        return appendMessage(tx, {
          conversationId: conversation.id,
          workspaceId: actor.workspaceId,
          author: { kind: "customer", customerId: actor.customerId, name: actor.name },
          body,
          clientMessageId,
          now: input.now ?? new Date(),
        });
      }),
    (winner) => ({ message: sameConversation(winner, input.conversationId), events: [] }),
  );
  await publish(events);
  return { id: message.id, seq: message.seq };
}

/** The chat page, visible, has shown the customer everything up to `seq`. */
export async function markChatRead(
  db: Db,
  { actor, conversationId, seq }: { actor: CustomerActor; conversationId: string; seq: number },
) {
  if (!isUuid(conversationId) || (actor.onlyConversationId && actor.onlyConversationId !== conversationId))
    throw conversationNotFound();
  const [row] = await db
    .update(participants)
    .set({
      lastReadSeq: readUpTo(seq),
    })
    .where(
      and(
        eq(participants.conversationId, conversationId),
        eq(participants.customerId, actor.customerId),
        eq(participants.workspaceId, actor.workspaceId),
      ),
    )
    .returning({ lastReadSeq: participants.lastReadSeq });
  if (!row) throw conversationNotFound();
  return row;
}
