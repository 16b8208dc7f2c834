import type { Db } from "@/db/client";
import { type Message, participants } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { publish } from "@/lib/realtime/publish";
import { requireTeamAccess } from "./access";
import { appendMessage, type Visibility } from "./append-message";
import { findRetriedSend, withRetriedSend } from "./find-retried-send";
import { requireBody } from "./message-body";

/**
 * Posts a message in a conversation the actor may see. In a customer conversation it may be an
 * internal note, which only the team ever sees. A customer-facing member who was not taking part
 * joins the conversation by writing in it.
 * Retrying with the same clientMessageId returns the message the first attempt stored.
 */
export async function sendMessage(
  db: Db,
  input: {
    actor: TeamActor;
    conversationId: string;
    body: string;
    clientMessageId: string;
    visibility?: Visibility;
    now?: Date;
  },
): Promise<Message> {
  const { actor, clientMessageId } = input;
  const body = requireBody(input.body);
  const sender = { userId: actor.userId };
  const { message, events } = await withRetriedSend(
    db,
    { sender, clientMessageId },
    () =>
      db.transaction(async (tx) => {
        const { conversation, participant } = await requireTeamAccess(tx, actor, input.conversationId);
        const retried = await findRetriedSend(tx, { sender, clientMessageId });
        // A retry was already announced when it was first stored.
        if (retried) return { message: sameConversation(retried, input.conversationId), events: [] };
        const now = input.now ?? new Date();
        if (!participant) {
          // Two first messages at once (two tabs) both join; the second join is a no-op.
          await tx
            .insert(participants)
            .values({
              workspaceId: actor.workspaceId,
              conversationId: conversation.id,
              kind: conversation.kind,
              userId: actor.userId,
              lastMessageAt: now,
            })
            .onConflictDoNothing();
        }
        return appendMessage(tx, {
          conversationId: conversation.id,
          workspaceId: actor.workspaceId,
          author: { kind: "user", userId: actor.userId, name: actor.name },
          body,
          // Internal conversations are the team's alone already; a note there is an ordinary message.
          visibility: conversation.kind === "customer" ? (input.visibility ?? "public") : "public",
          clientMessageId,
          now,
        });
      }),
    (winner) => ({ message: sameConversation(winner, input.conversationId), events: [] }),
  );
  await publish(events);
  return message;
}

/** A client message id names one send; the same id in another conversation is a client bug, not a retry. */
export function sameConversation(message: Message, conversationId: string) {
  if (message.conversationId === conversationId) return message;
  throw new DomainError("client_message_id_reused", "This message was already sent in another conversation.");
}
