import type { Db } from "@/db/client";
import type { Message } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError, isUniqueViolation } from "@/lib/domain-error";
import { publish } from "@/lib/realtime/publish";
import { requireParticipant } from "./access";
import { appendMessage } from "./append-message";
import { findRetriedSend } from "./find-retried-send";
import { messageBody } from "./message-body";

/**
 * Posts a message in a conversation the actor takes part in.
 * Retrying with the same clientMessageId returns the message the first attempt stored.
 */
export async function sendMessage(
  db: Db,
  input: { actor: TeamActor; conversationId: string; body: string; clientMessageId: string; now?: Date },
): Promise<Message> {
  const { actor, clientMessageId } = input;
  const body = messageBody.safeParse(input.body);
  if (!body.success)
    throw new DomainError("invalid_body", body.error.issues[0]?.message ?? "Invalid message.");

  try {
    const { message, events } = await db.transaction(async (tx) => {
      await requireParticipant(tx, actor, input.conversationId);
      const retried = await findRetriedSend(tx, { userId: actor.userId, clientMessageId });
      // A retry was already announced when it was first stored.
      if (retried) return { message: sameConversation(retried, input.conversationId), events: [] };
      return appendMessage(tx, {
        conversationId: input.conversationId,
        workspaceId: actor.workspaceId,
        author: { kind: "user", userId: actor.userId, name: actor.name },
        body: body.data,
        clientMessageId,
        now: input.now ?? new Date(),
      });
    });
    await publish(events);
    return message;
  } catch (error) {
    const winner =
      isUniqueViolation(error) && (await findRetriedSend(db, { userId: actor.userId, clientMessageId }));
    if (winner) return sameConversation(winner, input.conversationId);
    throw error;
  }
}

/** A client message id names one send; the same id in another conversation is a client bug, not a retry. */
function sameConversation(message: Message, conversationId: string) {
  if (message.conversationId === conversationId) return message;
  throw new DomainError("client_message_id_reused", "This message was already sent in another conversation.");
}
