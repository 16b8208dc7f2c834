import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, workspaces } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";

/**
 * The start of every change to who is on the team, inside the caller's transaction: locks the
 * workspace's row, so such changes to one workspace run one at a time, and checks again, under the
 * lock, that the actor is still an active admin of it. Two admins who demote each other at the
 * same moment therefore meet one after the other: the second finds they are no longer an admin.
 */
export async function lockTeamAsAdmin(tx: Db, actor: TeamActor, refusal: string) {
  await tx
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(eq(workspaces.id, actor.workspaceId))
    .for("update");
  const [me] = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.id, actor.userId),
        eq(users.workspaceId, actor.workspaceId),
        eq(users.role, "admin"),
        isNull(users.deactivatedAt),
      ),
    );
  if (!me) throw new DomainError("forbidden", refusal);
}

/**
 * Refuses a change that would leave the workspace without an active admin: taking this member's
 * admin role or access away when no other active admin remains. Under lockTeamAsAdmin's lock, so
 * the count cannot change before the caller's write commits.
 */
export async function keepAnActiveAdmin(
  tx: Db,
  { workspaceId, userId }: { workspaceId: string; userId: string },
) {
  const [others] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(users)
    .where(
      and(
        eq(users.workspaceId, workspaceId),
        eq(users.role, "admin"),
        isNull(users.deactivatedAt),
        ne(users.id, userId),
      ),
    );
  if ((others?.count ?? 0) === 0)
    throw new DomainError(
      "last_admin",
      "A workspace needs at least one active admin. Make someone else an admin first.",
    );
}
