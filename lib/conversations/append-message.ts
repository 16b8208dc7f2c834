import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, type Message, messages, participants } from "@/db/schema";
import { planCustomerEmails } from "@/lib/notifications/plan-customer-emails";
import { planTeamEmails } from "@/lib/notifications/plan-team-emails";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { messageEvents } from "./message-events";

/** A system line (such as "Alice Admin added Carol Chen") records the user who caused it. */
export type Author =
  | { kind: "user" | "system"; userId: string; name: string }
  | { kind: "customer"; customerId: string; name: string };

export type Visibility = "public" | "internal";

/**
 * Appends a message to a conversation inside the caller's transaction, and moves every
 * participant's list position, unread marker and view flags with it. Returns the message and the
 * realtime events to publish once the caller's transaction has committed.
 *
 * An internal message moves nothing of a customer's: for them it does not exist.
 * The conversation row is locked first, so messages get gap-free sequence numbers in commit order.
 */
export async function appendMessage(
  tx: Db,
  input: {
    conversationId: string;
    workspaceId: string;
    author: Author;
    body: string;
    visibility?: Visibility;
    clientMessageId?: string;
    now: Date;
  },
): Promise<{ message: Message; events: RealtimeEvent[] }> {
  const { conversationId, author, now, visibility = "public" } = input;
  const [bumped] = await tx
    .update(conversations)
    .set({ lastMessageSeq: sql`${conversations.lastMessageSeq} + 1`, lastMessageAt: now })
    .where(eq(conversations.id, conversationId))
    .returning({ seq: conversations.lastMessageSeq });
  if (!bumped) throw new Error(`conversation ${conversationId} vanished mid-transaction`);

  const authorUserId = author.kind === "customer" ? null : author.userId;
  const authorCustomerId = author.kind === "customer" ? author.customerId : null;
  const [message] = await tx
    .insert(messages)
    .values({
      workspaceId: input.workspaceId,
      conversationId,
      seq: bumped.seq,
      authorKind: author.kind,
      authorUserId,
      authorCustomerId,
      body: input.body,
      visibility,
      clientMessageId: author.kind === "system" ? undefined : input.clientMessageId,
      createdAt: now,
    })
    .returning();
  if (!message) throw new Error("insert returned no message");

  const isAuthor = authorCustomerId
    ? sql`${participants.customerId} is not distinct from ${authorCustomerId}`
    : sql`${participants.userId} is not distinct from ${authorUserId}`;
  const written = author.kind !== "system";
  await tx
    .update(participants)
    .set({
      latestSeq: message.seq,
      lastMessageAt: now,
      // Whoever wrote the message, or did what a system line records, has seen it.
      lastReadSeq: sql`case when ${isAuthor} then ${message.seq} else ${participants.lastReadSeq} end`,
      hasSent: written ? sql`${participants.hasSent} or ${isAuthor}` : participants.hasSent,
      hasReceived: written ? sql`${participants.hasReceived} or not ${isAuthor}` : participants.hasReceived,
    })
    .where(
      visibility === "internal"
        ? sql`${participants.conversationId} = ${conversationId} and ${participants.userId} is not null`
        : eq(participants.conversationId, conversationId),
    );

  await planTeamEmails(tx, message);
  await planCustomerEmails(tx, message);
  return { message, events: await messageEvents(tx, message, author.name) };
}
