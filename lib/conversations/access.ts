import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, participants } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { isUuid } from "@/lib/uuid";

/**
 * The conversation, if the actor takes part in it. Anyone else, in this workspace or another,
 * is told it does not exist, so that nothing about it leaks, not even that it exists.
 */
export async function requireParticipant(db: Db, actor: TeamActor, conversationId: string) {
  if (!isUuid(conversationId)) throw conversationNotFound();
  const [row] = await db
    .select({ conversation: conversations, participant: participants })
    .from(conversations)
    .innerJoin(
      participants,
      and(eq(participants.conversationId, conversations.id), eq(participants.userId, actor.userId)),
    )
    .where(and(eq(conversations.id, conversationId), eq(conversations.workspaceId, actor.workspaceId)));
  if (!row) throw conversationNotFound();
  return row;
}

export const conversationNotFound = () =>
  new DomainError("conversation_not_found", "This conversation does not exist, or you are not part of it.");
