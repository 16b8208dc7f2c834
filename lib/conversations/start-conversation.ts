import type { Db } from "@/db/client";
import { conversations, participants } from "@/db/schema";
import { type Author, appendMessage } from "./append-message";

export const MAX_PARTICIPANTS = 50;

/**
 * Inserts a conversation, its participants and its first message, inside the caller's
 * transaction. Every way of starting one (a team member's internal or customer conversation, a
 * customer's from the chat page) ends here, so they all list and notify the same way.
 */
export async function startConversation(
  tx: Db,
  input: {
    workspaceId: string;
    kind: "internal" | "customer";
    createdByUserId?: string;
    userIds: string[];
    customerIds: string[];
    author: Author;
    body: string;
    clientMessageId: string;
    now: Date;
  },
) {
  const { workspaceId, kind, now } = input;
  const [conversation] = await tx
    .insert(conversations)
    .values({ workspaceId, kind, createdByUserId: input.createdByUserId, lastMessageAt: now })
    .returning({ id: conversations.id });
  if (!conversation) throw new Error("insert returned no conversation");
  const base = { workspaceId, conversationId: conversation.id, kind, lastMessageAt: now };
  await tx
    .insert(participants)
    .values([
      ...input.userIds.map((userId) => ({ ...base, userId })),
      ...input.customerIds.map((customerId) => ({ ...base, customerId })),
    ]);
  return appendMessage(tx, {
    conversationId: conversation.id,
    workspaceId,
    author: input.author,
    body: input.body,
    clientMessageId: input.clientMessageId,
    now,
  });
}
