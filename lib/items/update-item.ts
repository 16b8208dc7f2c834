import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Item, items, participants, users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { postInTransaction } from "@/lib/conversations/post-message";
import { requireTeamMembers } from "@/lib/people/team-members";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { publish } from "@/lib/realtime/publish";
import { type ItemRef, requireItem } from "./item-access";
import { type ItemStatus, STATUS_LABELS } from "./item-fields";
import { itemDescription, itemStatus, itemTitle, requireField } from "./item-input";

export type ItemChanges = {
  title?: string;
  description?: string;
  status?: ItemStatus;
  /** A team member, or null for nobody. */
  assigneeUserId?: string | null;
};

/**
 * Any team member may change an item's fields. Each change that changes something is recorded in
 * the thread as a system line ("Alice Admin set status to Resolved"), in the same transaction; a
 * new assignee starts following. Changing nothing writes nothing.
 */
export async function updateItem(
  db: Db,
  input: { actor: TeamActor; changes: ItemChanges; now?: Date } & ItemRef,
): Promise<Item> {
  const { actor, changes } = input;
  const now = input.now ?? new Date();
  const title = changes.title === undefined ? undefined : requireField(itemTitle, changes.title);
  const description =
    changes.description === undefined ? undefined : requireField(itemDescription, changes.description);

  const { item, events } = await db.transaction(async (tx) => {
    const { item, conversation } = await requireItem(tx, actor, input, { lock: true });
    const lines: string[] = [];
    const set: Partial<Item> = {};
    if (title !== undefined && title !== item.title) {
      set.title = title;
      lines.push(`${actor.name} renamed this to “${title}”`);
    }
    if (description !== undefined && description !== item.description) {
      set.description = description;
      lines.push(`${actor.name} ${description ? "changed" : "cleared"} the description`);
    }
    if (changes.status !== undefined && changes.status !== item.status) {
      set.status = requireField(itemStatus, changes.status);
      lines.push(`${actor.name} set status to ${STATUS_LABELS[set.status]}`);
    }
    if (changes.assigneeUserId !== undefined && changes.assigneeUserId !== item.assigneeUserId) {
      const [assignee] = changes.assigneeUserId
        ? await requireTeamMembers(tx, actor, [changes.assigneeUserId])
        : [];
      set.assigneeUserId = assignee?.id ?? null;
      if (assignee) {
        lines.push(
          `${actor.name} assigned this to ${assignee.id === actor.userId ? "themselves" : assignee.name}`,
        );
        // Before the line is posted, so the new assignee sees it unread.
        await tx
          .insert(participants)
          .values({
            workspaceId: actor.workspaceId,
            conversationId: conversation.id,
            kind: conversation.kind,
            onItem: true,
            userId: assignee.id,
            lastMessageAt: now,
          })
          .onConflictDoNothing();
      } else {
        const [previous] = item.assigneeUserId
          ? await tx.select({ name: users.name }).from(users).where(eq(users.id, item.assigneeUserId))
          : [];
        lines.push(`${actor.name} unassigned ${previous?.name ?? "this"}`);
      }
    }
    if (lines.length === 0) return { item, events: [] };
    const [updated] = await tx
      .update(items)
      .set({ ...set, updatedAt: now })
      .where(eq(items.id, item.id))
      .returning();
    if (!updated) throw new Error(`item ${item.id} vanished mid-transaction`);
    const events: RealtimeEvent[] = [];
    for (const body of lines) {
      const posted = await postInTransaction(tx, {
        actor: { kind: "system", causedBy: actor },
        conversationId: conversation.id,
        body,
        now,
      });
      events.push(...posted.events);
    }
    return { item: updated, events };
  });
  await publish(events);
  return item;
}
