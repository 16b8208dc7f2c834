import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, type Message, messages, participants } from "@/db/schema";
import { customerMaySee } from "./customer-visibility";

/** A system line (such as "Alice Admin added Carol Chen") records the user who caused it. */
export type Author =
  | { kind: "user" | "system"; userId: string; name: string }
  | { kind: "customer"; customerId: string; name: string };

export type Visibility = "public" | "internal";

/**
 * Appends a message to a thread inside the caller's transaction (postMessage's), and moves every
 * participant's list position, unread marker and view flags with it. A system line in a customer
 * thread is made internal here, so that no caller has to remember that customers never see one.
 * A message a customer may not see moves nothing of a customer's: for them it does not exist.
 * The thread's row is locked first, so messages get gap-free sequence numbers in commit order.
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
): Promise<Message> {
  const { conversationId, author, now } = input;
  const [bumped] = await tx
    .update(conversations)
    .set({ lastMessageSeq: sql`${conversations.lastMessageSeq} + 1`, lastMessageAt: now })
    .where(eq(conversations.id, conversationId))
    .returning({ seq: conversations.lastMessageSeq, kind: conversations.kind });
  if (!bumped) throw new Error(`conversation ${conversationId} vanished mid-transaction`);
  const visibility =
    author.kind === "system" && bumped.kind === "customer" ? "internal" : (input.visibility ?? "public");

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
      customerMaySee(message)
        ? eq(participants.conversationId, conversationId)
        : sql`${participants.conversationId} = ${conversationId} and ${participants.userId} is not null`,
    );
  return message;
}
