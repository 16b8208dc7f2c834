import type { Db } from "@/db/client";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { requireTeamMembers } from "@/lib/people/team-members";
import { publish } from "@/lib/realtime/publish";
import { findRetriedSend, withRetriedSend } from "./find-retried-send";
import { requireBody } from "./message-body";
import { MAX_PARTICIPANTS, startConversation } from "./start-conversation";

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
  const body = requireBody(input.body);
  const sender = { userId: actor.userId };
  const retried = await findRetriedSend(db, { sender, clientMessageId });
  if (retried) return { conversationId: retried.conversationId, messageId: retried.id };

  const others = [...new Set(input.participantIds)].filter((id) => id !== actor.userId);
  if (others.length === 0)
    throw new DomainError("no_participants", "Choose at least one teammate to write to.");
  requireRoomFor(others.length + 1);
  const members = await requireTeamMembers(db, actor, others);
  return createAndAnnounce(db, { sender, clientMessageId }, () =>
    db.transaction((tx) =>
      startConversation(tx, {
        workspaceId: actor.workspaceId,
        kind: "internal",
        createdByUserId: actor.userId,
        userIds: [actor.userId, ...members.map((member) => member.id)],
        customerIds: [],
        author: { kind: "user", userId: actor.userId, name: actor.name },
        body,
        clientMessageId,
        now: input.now ?? new Date(),
      }),
    ),
  );
}

export function requireRoomFor(people: number) {
  if (people > MAX_PARTICIPANTS) {
    throw new DomainError(
      "too_many_participants",
      `A conversation can have at most ${MAX_PARTICIPANTS} people.`,
    );
  }
}

/**
 * Runs the transaction that creates a conversation, publishes what it caused, and returns its ids.
 * Two attempts of the same send may race: the other one won, and its conversation stands.
 */
export async function createAndAnnounce(
  db: Db,
  retry: Parameters<typeof withRetriedSend>[1],
  create: () => ReturnType<typeof startConversation>,
): Promise<{ conversationId: string; messageId: string }> {
  const { message, events } = await withRetriedSend(db, retry, create, (winner) => ({
    message: winner,
    events: [],
  }));
  await publish(events);
  return { conversationId: message.conversationId, messageId: message.id };
}
