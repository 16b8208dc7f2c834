import "server-only";
import { and, desc, eq, isNotNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { emailOutbox, workspaces } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/domain-error";
import { editWindowInput, emailDelayInput } from "./durations";

/**
 * The workspace's notification defaults, and how long a message may still be edited or deleted by
 * its author. The delay is whole seconds from none to a day, the edit window to a week (the
 * schema's checks say the same), sent as typed ("90", "5 min") or as a number. The chat widget's
 * settings have a page of their own (lib/settings/chat-frame-sites.ts).
 */
export const workspaceSettingsInput = z.object({
  emailDelaySeconds: emailDelayInput,
  teamEmailEnabled: z.boolean(),
  customerEmailEnabled: z.boolean(),
  // Optional, so a caller that sets only the email settings leaves it as it is.
  messageEditWindowSeconds: editWindowInput.optional(),
});
export type WorkspaceSettingsInput = z.output<typeof workspaceSettingsInput>;
export type WorkspaceSettings = Awaited<ReturnType<typeof getWorkspaceSettings>>;

const ADMINS_ONLY = "Only admins can change the workspace's settings.";

export async function getWorkspaceSettings(db: Db, { actor }: { actor: TeamActor }) {
  requireAdmin(actor, ADMINS_ONLY);
  const [row] = await db
    .select({
      emailDelaySeconds: workspaces.emailDelaySeconds,
      teamEmailEnabled: workspaces.teamEmailEnabled,
      customerEmailEnabled: workspaces.customerEmailEnabled,
      messageEditWindowSeconds: workspaces.messageEditWindowSeconds,
    })
    .from(workspaces)
    .where(eq(workspaces.id, actor.workspaceId));
  if (!row) throw new DomainError("workspace_not_found", "This workspace no longer exists.");
  return row;
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
    .returning({
      emailDelaySeconds: workspaces.emailDelaySeconds,
      teamEmailEnabled: workspaces.teamEmailEnabled,
      customerEmailEnabled: workspaces.customerEmailEnabled,
      messageEditWindowSeconds: workspaces.messageEditWindowSeconds,
    });
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
