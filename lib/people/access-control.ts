import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers, users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/permissions";
import { closeLiveConnections, endEverySession } from "@/lib/auth/sessions";
import { DomainError } from "@/lib/domain-error";
import { takeBackUnsentEmails } from "@/lib/notifications/drop-from-unsent-emails";
import { keepAnActiveAdmin, lockTeamAsAdmin } from "@/lib/team/admin-lock";
import { isUuid } from "@/lib/uuid";
import { customerNotFound } from "./customers";

/**
 * An admin deactivates a member of their workspace, or brings them back. Deactivated, they are out
 * at once: every session ends (pages and actions refuse the next request), their open realtime
 * streams close, and they receive nothing more. The last active admin cannot be deactivated, however
 * many admins try at once (lib/team/admin-lock.ts).
 */
export async function setMemberActive(
  db: Db,
  {
    actor,
    userId,
    active,
    now = new Date(),
  }: { actor: TeamActor; userId: string; active: boolean; now?: Date },
) {
  const onlyAdmins = "Only admins can deactivate or reactivate members.";
  requireAdmin(actor, onlyAdmins);
  if (userId === actor.userId)
    throw new DomainError("cannot_deactivate_self", "You cannot deactivate yourself. Ask another admin.");
  const notFound = new DomainError("member_not_found", "There is no such member in this workspace.");
  if (!isUuid(userId)) throw notFound;
  const ended = await db.transaction(async (tx) => {
    await lockTeamAsAdmin(tx, actor, onlyAdmins);
    const [current] = await tx
      .select({ role: users.role, deactivatedAt: users.deactivatedAt })
      .from(users)
      .where(and(eq(users.id, userId), eq(users.workspaceId, actor.workspaceId)));
    if (!current) throw notFound;
    if (!active && current.role === "admin" && !current.deactivatedAt)
      await keepAnActiveAdmin(tx, { workspaceId: actor.workspaceId, userId });
    const [member] = await tx
      .update(users)
      .set({ deactivatedAt: active ? null : now })
      .where(and(eq(users.id, userId), eq(users.workspaceId, actor.workspaceId)))
      .returning({ id: users.id });
    if (!member) throw notFound;
    if (active) return [];
    await takeBackUnsentEmails(tx, { person: { userId } });
    return endEverySession(tx, { userId }, now);
  });
  await closeLiveConnections(ended);
}

/**
 * An admin revokes a customer's access, or restores it. Revoked, the customer is out at once, like a
 * deactivated member, and no sign-in or conversation link lets them back in; nothing is emailed to them.
 */
export async function setCustomerAccess(
  db: Db,
  {
    actor,
    customerId,
    revoked,
    now = new Date(),
  }: { actor: TeamActor; customerId: string; revoked: boolean; now?: Date },
) {
  requireAdmin(actor, "Only admins can revoke or restore a customer's access.");
  const notFound = customerNotFound();
  if (!isUuid(customerId)) throw notFound;
  const ended = await db.transaction(async (tx) => {
    const [customer] = await tx
      .update(customers)
      .set({ revokedAt: revoked ? now : null })
      .where(and(eq(customers.id, customerId), eq(customers.workspaceId, actor.workspaceId)))
      .returning({ id: customers.id });
    if (!customer) throw notFound;
    if (!revoked) return [];
    await takeBackUnsentEmails(tx, { person: { customerId } });
    return endEverySession(tx, { customerId }, now);
  });
  await closeLiveConnections(ended);
}

/**
 * An admin blocks a customer (a visitor or anyone else) who writes what nobody should have to
 * read, or unblocks them. Blocked, their new messages are refused with a polite word (every send
 * checks, under a share lock on their row: lib/conversations/access.ts#requireNotBlocked); they
 * keep their session and can still read their conversations.
 */
export async function setCustomerBlocked(
  db: Db,
  {
    actor,
    customerId,
    blocked,
    now = new Date(),
  }: { actor: TeamActor; customerId: string; blocked: boolean; now?: Date },
) {
  requireAdmin(actor, "Only admins can block or unblock a customer.");
  if (!isUuid(customerId)) throw customerNotFound();
  const [customer] = await db
    .update(customers)
    .set({ blockedAt: blocked ? now : null })
    .where(and(eq(customers.id, customerId), eq(customers.workspaceId, actor.workspaceId)))
    .returning({ id: customers.id });
  if (!customer) throw customerNotFound();
}
