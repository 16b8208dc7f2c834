import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Message } from "@/db/schema";
import { ONLINE_WINDOW_MS } from "@/lib/realtime/presence-timing";

/**
 * Plans customer emails for a new message, in its own transaction (DELIVERY-RULES: customer,
 * email). Never for an internal message or a system line. One pending delivery for each customer
 * taking part, other than the author, who has not unsubscribed, when the workspace emails customers:
 * - connected to live chat when the message was sent: due after the workspace delay, and
 *   cancelled by the sweep if they saw it on the chat page by then;
 * - not connected: due at once, so the next sweep sends it.
 */
export async function planCustomerEmails(tx: Db, message: Message): Promise<void> {
  if (message.visibility !== "public" || message.authorKind === "system") return;
  const onlineSince = new Date(message.createdAt.getTime() - ONLINE_WINDOW_MS);
  await tx.execute(sql`
    insert into deliveries (workspace_id, message_id, conversation_id, recipient_customer_id, channel, due_at)
    select ${message.workspaceId}, ${message.id}, ${message.conversationId}, p.customer_id, 'email',
           case when exists (
             select 1 from presence pr
             where pr.customer_id = p.customer_id and pr.last_seen_at > ${onlineSince}::timestamptz
           )
           then ${message.createdAt}::timestamptz + make_interval(secs => w.email_delay_seconds)
           else ${message.createdAt}::timestamptz end
    from participants p
    join customers c on c.id = p.customer_id and c.notify_email
    join workspaces w on w.id = p.workspace_id and w.customer_email_enabled
    where p.conversation_id = ${message.conversationId}
      and p.customer_id is not null
      and p.customer_id is distinct from ${message.authorCustomerId}
    on conflict do nothing`);
}
