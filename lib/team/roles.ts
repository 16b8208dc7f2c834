import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/domain-error";
import { isUuid } from "@/lib/uuid";
import { keepAnActiveAdmin, lockTeamAsAdmin } from "./admin-lock";

export type TeamRole = "admin" | "member";

const ONLY_ADMINS = "Only admins can change a member's role.";

/**
 * An admin makes a member of their workspace an admin, or an admin a member (themself included,
 * while another active admin remains). Every page and action reads the role from the database on
 * each request, so the change holds from the member's next click.
 */
export async function setMemberRole(
  db: Db,
  { actor, userId, role }: { actor: TeamActor; userId: string; role: TeamRole },
) {
  requireAdmin(actor, ONLY_ADMINS);
  const notFound = new DomainError("member_not_found", "There is no such member in this workspace.");
  if (!isUuid(userId)) throw notFound;
  await db.transaction(async (tx) => {
    await lockTeamAsAdmin(tx, actor, ONLY_ADMINS);
    const [member] = await tx
      .select({ role: users.role, deactivatedAt: users.deactivatedAt })
      .from(users)
      .where(and(eq(users.id, userId), eq(users.workspaceId, actor.workspaceId)));
    if (!member) throw notFound;
    if (member.role === role) return;
    if (member.role === "admin" && !member.deactivatedAt)
      await keepAnActiveAdmin(tx, { workspaceId: actor.workspaceId, userId });
    await tx.update(users).set({ role }).where(eq(users.id, userId));
  });
}
