import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { participants } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { requireTeamMembers } from "@/lib/people/team-members";
import { publish } from "@/lib/realtime/publish";
import { requireTeamAccess } from "./access";
import { addedLine } from "./join-names";
import { postInTransaction } from "./post-message";
import { requireRoomFor } from "./room";

/**
 * Adds teammates to a conversation the actor takes part in. They see its whole history,
 * and a system line records who added whom. People already in it are left as they are.
 */
export async function addParticipants(
  db: Db,
  input: { actor: TeamActor; conversationId: string; userIds: string[]; now?: Date },
): Promise<{ added: string[] }> {
  const { actor, conversationId } = input;
  const now = input.now ?? new Date();
  const members = await requireTeamMembers(db, actor, input.userIds);
  if (members.length === 0) throw new DomainError("no_participants", "Choose at least one teammate to add.");

  const { added, events } = await db.transaction(async (tx) => {
    // Locked, so two adds at once cannot both pass the size check.
    const { conversation } = await requireTeamAccess(tx, actor, conversationId, { lock: true });
    // An item's followers have their own rule of who may add them (lib/items/followers.ts).
    if (conversation.onItem) throw new DomainError("item_thread", "Add followers on the item's page.");
    const current = await tx.$count(participants, eq(participants.conversationId, conversationId));
    const inserted = await tx
      .insert(participants)
      .values(
        members.map((member) => ({
          workspaceId: actor.workspaceId,
          conversationId,
          kind: conversation.kind,
          userId: member.id,
          // Shown in their Internal Inbox at once, unread, with the history before them.
          hasReceived: true,
          lastMessageAt: now,
        })),
      )
      .onConflictDoNothing()
      .returning({ userId: participants.userId });
    requireRoomFor(current + inserted.length);
    const added = members.filter((member) => inserted.some((row) => row.userId === member.id));
    if (added.length === 0) return { added, events: [] };
    const { events } = await postInTransaction(tx, {
      actor: { kind: "system", causedBy: actor },
      conversationId,
      // In a customer conversation the line is internal: who on the team follows it is the team's business.
      body: addedLine(
        actor.name,
        added.map((member) => member.name),
        { asFollowers: false },
      ),
      now,
    });
    return { added, events };
  });
  await publish(events);
  return { added: added.map((member) => member.id) };
}
