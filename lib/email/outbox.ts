import "server-only";
import { and, desc, eq, isNull, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";

/**
 * The newest emails of the actor's workspace, for the dev mailbox. Admins only, and an email that
 * holds a credential (a sign-in link) only for its own recipient: an admin must not be able to
 * sign in as a teammate.
 */
export async function listOutbox(db: Db, { actor, limit = 50 }: { actor: TeamActor; limit?: number }) {
  if (actor.role !== "admin") throw new DomainError("forbidden", "Only admins can read the mailbox.");
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
