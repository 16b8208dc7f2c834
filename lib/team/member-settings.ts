import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/domain-error";
import { takeBackUnsentEmails } from "@/lib/notifications/drop-from-unsent-emails";
import { isUuid } from "@/lib/uuid";
import { lockTeamAsAdmin } from "./admin-lock";

/** What an admin sets for one member, beside their role and access. */
type MemberSwitches = Pick<typeof users.$inferInsert, "emailOffByAdmin" | "customerFacing">;

/**
 * Sets switches of one member of the admin's workspace, after checking again, under the team's
 * lock, that the actor is still an active admin (their session may be older than a demotion). A
 * member of another workspace is "not found", never told apart from an id that does not exist.
 */
async function setMemberSwitches(
  db: Db,
  {
    actor,
    userId,
    refusal,
    change,
  }: { actor: TeamActor; userId: string; refusal: string; change: MemberSwitches },
) {
  requireAdmin(actor, refusal);
  const notFound = new DomainError("member_not_found", "There is no such member in this workspace.");
  if (!isUuid(userId)) throw notFound;
  await db.transaction(async (tx) => {
    await lockTeamAsAdmin(tx, actor, refusal);
    const [member] = await tx
      .update(users)
      .set(change)
      .where(and(eq(users.id, userId), eq(users.workspaceId, actor.workspaceId)))
      .returning({ id: users.id });
    if (!member) throw notFound;
    if (change.emailOffByAdmin) await takeBackUnsentEmails(tx, { person: { userId } });
  });
}

/**
 * An admin turns a member's email about messages off (a member with no mailbox, or for security),
 * or back on. Off, nothing is planned for them and the sweep sends nothing still pending
 * (emailPolicy.team.mayReceive); their own email choice is kept, and their settings page says an
 * admin turned it off.
 */
export function setMemberEmailOff(
  db: Db,
  { actor, userId, off }: { actor: TeamActor; userId: string; off: boolean },
) {
  return setMemberSwitches(db, {
    actor,
    userId,
    refusal: "Only admins can turn a member's email on or off.",
    change: { emailOffByAdmin: off },
  });
}

/**
 * An admin makes a member customer-facing, or not: a customer-facing member sees every open
 * customer conversation of the workspace and joins those customers start (from the next one on).
 */
export function setMemberCustomerFacing(
  db: Db,
  { actor, userId, customerFacing }: { actor: TeamActor; userId: string; customerFacing: boolean },
) {
  return setMemberSwitches(db, {
    actor,
    userId,
    refusal: "Only admins can choose who is customer-facing.",
    change: { customerFacing },
  });
}
