import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { chatReplyTime, workspaces } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/domain-error";
import { plainTextInput } from "@/lib/plain-text";

/** The longest greeting: a line or two above the chat's message box, on a phone too. */
export const MAX_CHAT_GREETING = 200;

/**
 * What the chat page says to someone who has not written yet: the greeting (plain text, as it is
 * shown on one line) and when the team usually replies.
 */
export const chatGreetingInput = z.object({
  chatGreeting: plainTextInput({ label: "a greeting", max: MAX_CHAT_GREETING }),
  chatReplyTime: z.enum(chatReplyTime.enumValues, { error: "Choose a usual reply time." }),
});
export type ChatGreeting = z.output<typeof chatGreetingInput>;

const ADMINS_ONLY = "Only admins can change the chat's greeting.";

const columns = { chatGreeting: workspaces.chatGreeting, chatReplyTime: workspaces.chatReplyTime };

export async function getChatGreeting(db: Db, { actor }: { actor: TeamActor }): Promise<ChatGreeting> {
  requireAdmin(actor, ADMINS_ONLY);
  const [row] = await db.select(columns).from(workspaces).where(eq(workspaces.id, actor.workspaceId));
  if (!row) throw new DomainError("workspace_not_found", "This workspace no longer exists.");
  return row;
}

/** Shown from the next chat page served. */
export async function updateChatGreeting(
  db: Db,
  { actor, greeting }: { actor: TeamActor; greeting: ChatGreeting },
): Promise<ChatGreeting> {
  requireAdmin(actor, ADMINS_ONLY);
  const [saved] = await db
    .update(workspaces)
    .set(greeting)
    .where(eq(workspaces.id, actor.workspaceId))
    .returning(columns);
  if (!saved) throw new DomainError("workspace_not_found", "This workspace no longer exists.");
  return saved;
}
