import "server-only";
import { and, desc, eq, isNull, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { isAdmin } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/domain-error";
import { type EmailDriver, getEmailDriver } from "./driver";

/**
 * The dev mailbox is a tool for embedded installs: admins only, and only while emails stay in the
 * outbox. Once a real provider sends them, the outbox is no place to read other people's email.
 */
export function mayReadDevMailbox(actor: TeamActor, driver: EmailDriver = getEmailDriver()) {
  return isAdmin(actor) && driver.name === "outbox";
}

/**
 * The newest emails of the actor's workspace, for the dev mailbox. Admins only, and an email that
 * holds a credential (a sign-in link) only for its own recipient: an admin must not be able to
 * sign in as a teammate.
 */
export async function listOutbox(
  db: Db,
  { actor, limit = 50, driver }: { actor: TeamActor; limit?: number; driver?: EmailDriver },
) {
  if (!mayReadDevMailbox(actor, driver))
    throw new DomainError("forbidden", "The dev mailbox is for admins, while no email provider is set up.");
  return db
    .select()
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.workspaceId, actor.workspaceId),
        or(isNull(emailOutbox.privateToUserId), eq(emailOutbox.privateToUserId, actor.userId)),
      ),
    )
    .orderBy(desc(emailOutbox.createdAt))
    .limit(limit);
}
