import "server-only";
import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { deliveries, emailChoice, emailOutbox, messageVisibility, users, workspaces } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/domain-error";
import { editWindowInput, emailDelayInput } from "./duration-input";

/**
 * The workspace's notification defaults (and those a new member starts with), how long a message
 * may still be edited or deleted by its author, and whether the composer of a ticket's thread starts
 * on a reply to the customer or an internal note. The delay is whole seconds from none to a day, the edit window to a week (the
 * schema's checks say the same), sent as typed ("90", "5 min") or as a number. The chat widget's
 * settings have a page of their own (lib/settings/chat-frame-sites.ts).
 */
export const workspaceSettingsInput = z.object({
  emailDelaySeconds: emailDelayInput,
  teamEmailEnabled: z.boolean(),
  customerEmailEnabled: z.boolean(),
  // Optional, so a caller that sets only the email settings leaves them as they are.
  messageEditWindowSeconds: editWindowInput.optional(),
  newMemberBubble: z.boolean().optional(),
  newMemberSound: z.boolean().optional(),
  newMemberEmailChoice: z.enum(emailChoice.enumValues).optional(),
  itemDefaultVisibility: z.enum(messageVisibility.enumValues).optional(),
});
export type WorkspaceSettingsInput = z.output<typeof workspaceSettingsInput>;
export type WorkspaceSettings = Awaited<ReturnType<typeof getWorkspaceSettings>>;

const ADMINS_ONLY = "Only admins can change the workspace's settings.";

const settingsColumns = {
  emailDelaySeconds: workspaces.emailDelaySeconds,
  teamEmailEnabled: workspaces.teamEmailEnabled,
  customerEmailEnabled: workspaces.customerEmailEnabled,
  messageEditWindowSeconds: workspaces.messageEditWindowSeconds,
  newMemberBubble: workspaces.newMemberBubble,
  newMemberSound: workspaces.newMemberSound,
  newMemberEmailChoice: workspaces.newMemberEmailChoice,
  itemDefaultVisibility: workspaces.itemDefaultVisibility,
};

export async function getWorkspaceSettings(db: Db, { actor }: { actor: TeamActor }) {
  requireAdmin(actor, ADMINS_ONLY);
  const [row] = await db.select(settingsColumns).from(workspaces).where(eq(workspaces.id, actor.workspaceId));
  if (!row) throw new DomainError("workspace_not_found", "This workspace no longer exists.");
  return row;
}

/**
 * Which kind of message the composer of a ticket's thread starts on, for any member of the
 * workspace: the reply to the customer, or an internal note (a task's thread is internal anyway).
 */
export async function getItemDefaultVisibility(db: Db, { actor }: { actor: TeamActor }) {
  const [row] = await db
    .select({ visibility: workspaces.itemDefaultVisibility })
    .from(workspaces)
    .where(eq(workspaces.id, actor.workspaceId));
  return row?.visibility ?? "public";
}

/** They apply to messages sent from now on: a delivery already planned keeps the time it was given. */
export async function updateWorkspaceSettings(
  db: Db,
  { actor, settings }: { actor: TeamActor; settings: WorkspaceSettingsInput },
): Promise<WorkspaceSettings> {
  requireAdmin(actor, ADMINS_ONLY);
  const [saved] = await db
    .update(workspaces)
    .set(settings)
    .where(eq(workspaces.id, actor.workspaceId))
    .returning(settingsColumns);
  if (!saved) throw new DomainError("workspace_not_found", "This workspace no longer exists.");
  return saved;
}

/**
 * Emails the provider refused or keeps refusing, newest first, for the admin to act on. Only who,
 * what subject and why: the body may quote internal messages the admin was not part of.
 */
export async function listEmailProblems(db: Db, { actor, limit = 20 }: { actor: TeamActor; limit?: number }) {
  requireAdmin(actor, ADMINS_ONLY);
  return (
    db
      .select({
        id: emailOutbox.id,
        to: emailOutbox.to,
        subject: emailOutbox.subject,
        status: emailOutbox.status,
        attempts: emailOutbox.attempts,
        lastError: emailOutbox.lastError,
        createdAt: emailOutbox.createdAt,
      })
      .from(emailOutbox)
      // Failed, or pending a retry: both keep the last error, which a success clears.
      .where(and(eq(emailOutbox.workspaceId, actor.workspaceId), isNotNull(emailOutbox.lastError)))
      .orderBy(desc(emailOutbox.createdAt))
      .limit(limit)
  );
}

/**
 * Pushes that failed for good or are waiting for a retry, newest first, shown with the email
 * problems. Only who, when and why: never the message, which may be an internal one. A pending
 * push that was claimed but not yet answered has attempts too, but no error yet: it is in flight,
 * not a problem, so a retry is told apart by the error its last attempt left.
 */
export async function listPushProblems(db: Db, { actor, limit = 20 }: { actor: TeamActor; limit?: number }) {
  requireAdmin(actor, ADMINS_ONLY);
  const rows = await db
    .select({
      id: deliveries.id,
      recipientName: users.name,
      status: deliveries.status,
      attempts: deliveries.attempts,
      lastError: deliveries.lastError,
      createdAt: deliveries.createdAt,
    })
    .from(deliveries)
    .innerJoin(users, eq(users.id, deliveries.recipientUserId))
    .where(
      and(
        eq(deliveries.workspaceId, actor.workspaceId),
        eq(deliveries.channel, "push"),
        // Retrying (pending, with the last attempt's error) or given up; off a partial index.
        isNotNull(deliveries.lastError),
        inArray(deliveries.status, ["pending", "failed"]),
      ),
    )
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(limit);
  return rows.map(({ status, ...row }) => ({
    ...row,
    lastError: row.lastError ?? "",
    state: status === "failed" ? ("failed" as const) : ("retrying" as const),
  }));
}
