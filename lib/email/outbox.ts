import "server-only";
import { and, desc, eq, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";

/** The newest emails of the actor's workspace, for the dev mailbox. Admins only. */
export async function listOutbox(
  db: Db,
  { actor, before, limit = 50 }: { actor: TeamActor; before?: Date; limit?: number },
) {
  if (actor.role !== "admin") throw new DomainError("forbidden", "Only admins can read the mailbox.");
  return db
    .select()
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.workspaceId, actor.workspaceId),
        before ? lt(emailOutbox.createdAt, before) : undefined,
      ),
    )
    .orderBy(desc(emailOutbox.createdAt))
    .limit(limit);
}
