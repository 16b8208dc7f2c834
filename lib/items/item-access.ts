import { and, eq, isNull, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, items, participants, users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { isUuid } from "@/lib/uuid";

/** Which item: by id (actions), or by its number in the actor's workspace (the item page's address). */
export type ItemRef = { itemId: string } | { number: number };

/**
 * The item, its thread and the actor's follower row (null when they do not follow it), if this
 * team member may see it: every active member of the item's workspace may. Anyone else, and any
 * customer, is told it does not exist. With `lock`, the thread's row stays locked to the end of the
 * transaction, as for a message: field changes, follows and posts on one item take turns.
 */
export async function requireItem(db: Db, actor: TeamActor, ref: ItemRef, { lock = false } = {}) {
  if (actor.kind !== "user") throw itemNotFound();
  let which: SQL;
  if ("itemId" in ref) {
    if (!isUuid(ref.itemId)) throw itemNotFound();
    which = eq(items.id, ref.itemId);
  } else {
    if (!Number.isSafeInteger(ref.number) || ref.number < 1 || ref.number > 2_147_483_647)
      throw itemNotFound();
    which = eq(items.number, ref.number);
  }
  const query = db
    .select({ item: items, conversation: conversations, follower: participants })
    .from(items)
    .innerJoin(conversations, eq(conversations.id, items.conversationId))
    // Checked here too, not only at sign-in: no path lets a deactivated member act.
    .innerJoin(
      users,
      and(eq(users.id, actor.userId), eq(users.workspaceId, items.workspaceId), isNull(users.deactivatedAt)),
    )
    .leftJoin(
      participants,
      and(eq(participants.conversationId, items.conversationId), eq(participants.userId, actor.userId)),
    )
    .where(and(which, eq(items.workspaceId, actor.workspaceId)));
  const [row] = lock ? await query.for("update", { of: conversations }) : await query;
  if (!row) throw itemNotFound();
  return row;
}

export const itemNotFound = () =>
  new DomainError("item_not_found", "This ticket or task does not exist, or is in another workspace.");
