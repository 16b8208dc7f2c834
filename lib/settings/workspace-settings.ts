import "server-only";
import { and, desc, eq, isNotNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { emailOutbox, workspaces } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/domain-error";
import { chatFrameSitesInput } from "./chat-frame-sites";

/**
 * The email delay is whole seconds from none to a day (the schema's check says the same). The
 * chat's framing sites may be left out, by callers that only change notifications: they stay.
 */
export const workspaceSettingsInput = z.object({
  emailDelaySeconds: z
    .number({ error: "Enter a number of seconds." })
    .int("Enter a whole number of seconds.")
    .min(0, "The delay cannot be negative.")
    .max(86_400, "The delay can be at most 86,400 seconds (24 hours)."),
  teamEmailEnabled: z.boolean(),
  customerEmailEnabled: z.boolean(),
  chatFrameAncestors: chatFrameSitesInput.optional(),
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
      chatFrameAncestors: workspaces.chatFrameAncestors,
    })
    .from(workspaces)
    .where(eq(workspaces.id, actor.workspaceId));
  if (!row) throw new DomainError("workspace_not_found", "This workspace no longer exists.");
  return row;
}

/**
 * Notifications apply to messages sent from now on: a delivery already planned keeps the time it
 * was given. The framing sites apply to the next chat page served (proxy.ts reads them per request).
 */
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
      chatFrameAncestors: workspaces.chatFrameAncestors,
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
