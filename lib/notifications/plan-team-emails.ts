import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Message } from "@/db/schema";

/**
 * Plans the team email fallback for a new message, in the message's own transaction
 * (DELIVERY-RULES: team member, email). One pending delivery for each recipient who:
 * - is an active team member taking part, and not the author;
 * - allows email in their own settings, and has not muted the conversation;
 * - is in a workspace whose team email fallback is on.
 * It is due at the message's time plus the workspace delay; the sweep cancels it if seen by then.
 * A customer's message is planned the same way: the team members taking part are its recipients.
 */
export async function planTeamEmails(tx: Db, message: Message): Promise<void> {
  if (message.authorKind === "system") return;
  await tx.execute(sql`
    insert into deliveries (workspace_id, message_id, conversation_id, recipient_user_id, channel, due_at)
    select ${message.workspaceId}, ${message.id}, ${message.conversationId}, p.user_id, 'email',
           ${message.createdAt}::timestamptz + make_interval(secs => w.email_delay_seconds)
    from participants p
    join users u on u.id = p.user_id and u.deactivated_at is null and u.notify_email
    join workspaces w on w.id = p.workspace_id and w.team_email_enabled
    where p.conversation_id = ${message.conversationId}
      and p.user_id is distinct from ${message.authorUserId}
      and not p.muted
    on conflict do nothing`);
}
