import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { participants } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { takeBackUnsentEmails } from "@/lib/notifications/drop-from-unsent-emails";
import { requireTeamAccess } from "./access";

/**
 * Mutes (or unmutes) a conversation for the actor: no bubble and no email about its messages
 * (DELIVERY-RULES), while it still moves up the list and counts as unread. Only for a
 * conversation they take part in.
 */
export async function setMuted(
  db: Db,
  { actor, conversationId, muted }: { actor: TeamActor; conversationId: string; muted: boolean },
) {
  const { participant } = await requireTeamAccess(db, actor, conversationId);
  if (!participant)
    throw new DomainError("not_a_participant", "Join the conversation (write in it) before muting it.");
  await db.transaction(async (tx) => {
    await tx
      .update(participants)
      .set({ muted })
      .where(and(eq(participants.conversationId, conversationId), eq(participants.userId, actor.userId)));
    if (muted) await takeBackUnsentEmails(tx, { person: { userId: actor.userId }, conversationId });
  });
  return { muted };
}
