import type { Db } from "@/db/client";
import { conversations, participants } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError, isUniqueViolation } from "@/lib/domain-error";
import { requireTeamMembers } from "@/lib/people/team-members";
import { publish } from "@/lib/realtime/publish";
import { appendMessage } from "./append-message";
import { findRetriedSend } from "./find-retried-send";
import { messageBody } from "./message-body";

export const MAX_PARTICIPANTS = 50;

/**
 * Starts an internal conversation between the actor and other team members, with its first message.
 * Retrying with the same clientMessageId returns the conversation the first attempt created.
 */
export async function createInternalConversation(
  db: Db,
  input: {
    actor: TeamActor;
    participantIds: string[];
    body: string;
    clientMessageId: string;
    now?: Date;
  },
): Promise<{ conversationId: string; messageId: string }> {
  const { actor, clientMessageId } = input;
  const body = messageBody.safeParse(input.body);
  if (!body.success)
    throw new DomainError("invalid_body", body.error.issues[0]?.message ?? "Invalid message.");

  const retried = await findRetriedSend(db, { userId: actor.userId, clientMessageId });
  if (retried) return { conversationId: retried.conversationId, messageId: retried.id };

  const others = [...new Set(input.participantIds)].filter((id) => id !== actor.userId);
  if (others.length === 0)
    throw new DomainError("no_participants", "Choose at least one teammate to write to.");
  if (others.length + 1 > MAX_PARTICIPANTS) {
    throw new DomainError(
      "too_many_participants",
      `A conversation can have at most ${MAX_PARTICIPANTS} people.`,
    );
  }
  const members = await requireTeamMembers(db, actor, others);
  const now = input.now ?? new Date();

  try {
    const { message, events } = await db.transaction(async (tx) => {
      const [conversation] = await tx
        .insert(conversations)
        .values({
          workspaceId: actor.workspaceId,
          kind: "internal",
          createdByUserId: actor.userId,
          lastMessageAt: now,
        })
        .returning({ id: conversations.id });
      if (!conversation) throw new Error("insert returned no conversation");
      await tx.insert(participants).values(
        [actor.userId, ...members.map((member) => member.id)].map((userId) => ({
          workspaceId: actor.workspaceId,
          conversationId: conversation.id,
          kind: "internal" as const,
          userId,
          lastMessageAt: now,
        })),
      );
      return appendMessage(tx, {
        conversationId: conversation.id,
        workspaceId: actor.workspaceId,
        author: { kind: "user", userId: actor.userId, name: actor.name },
        body: body.data,
        clientMessageId,
        now,
      });
    });
    await publish(events);
    return { conversationId: message.conversationId, messageId: message.id };
  } catch (error) {
    // Two attempts of the same send raced; the other one won and its conversation stands.
    const winner =
      isUniqueViolation(error) && (await findRetriedSend(db, { userId: actor.userId, clientMessageId }));
    if (winner) return { conversationId: winner.conversationId, messageId: winner.id };
    throw error;
  }
}
