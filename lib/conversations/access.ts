import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, participants, users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { isUuid } from "@/lib/uuid";

/**
 * The conversation, if the actor is an active team member taking part in it. Anyone else, in this
 * workspace or another, is told it does not exist, so that nothing leaks, not even that it exists.
 * With `lock`, the conversation row stays locked until the transaction ends (for changes that
 * count its participants).
 */
export async function requireParticipant(
  db: Db,
  actor: TeamActor,
  conversationId: string,
  { lock = false }: { lock?: boolean } = {},
) {
  if (!isUuid(conversationId)) throw conversationNotFound();
  const query = db
    .select({ conversation: conversations, participant: participants })
    .from(conversations)
    .innerJoin(
      participants,
      and(eq(participants.conversationId, conversations.id), eq(participants.userId, actor.userId)),
    )
    // Checked here too, not only at sign-in: no path lets a deactivated member act.
    .innerJoin(users, and(eq(users.id, participants.userId), isNull(users.deactivatedAt)))
    .where(and(eq(conversations.id, conversationId), eq(conversations.workspaceId, actor.workspaceId)));
  const [row] = lock ? await query.for("update", { of: conversations }) : await query;
  if (!row) throw conversationNotFound();
  return row;
}

export const conversationNotFound = () =>
  new DomainError("conversation_not_found", "This conversation does not exist, or you are not part of it.");
