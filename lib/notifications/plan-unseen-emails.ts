import { inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { messages, participants } from "@/db/schema";
import { customerVisible } from "@/lib/conversations/customer-visibility";

/**
 * Plans an email, due now, for every message a customer may see and has not seen in these threads,
 * where none was planned: what came while they were a visitor, who could not be emailed. Run when
 * a visitor confirms their address, for the visitor's threads. The sweep then decides as for any
 * email (emailPolicy, and dropping what they have seen by then), and groups each thread's into one.
 */
export async function planEmailsForUnseen(
  tx: Db,
  { customerId, conversationIds, now }: { customerId: string; conversationIds: string[]; now: Date },
) {
  if (conversationIds.length === 0) return;
  await tx.execute(sql`
    insert into deliveries (workspace_id, message_id, conversation_id, recipient_customer_id, channel, due_at, status)
    select ${messages.workspaceId}, ${messages.id}, ${messages.conversationId}, ${participants.customerId},
           'email', ${now}::timestamptz, 'pending'
    from ${participants}
    join ${messages} on ${messages.conversationId} = ${participants.conversationId}
      and ${messages.seq} > ${participants.lastReadSeq}
    where ${participants.customerId} = ${customerId} and ${inArray(participants.conversationId, conversationIds)}
      and ${customerVisible}
      and ${messages.authorKind} <> 'system' and ${messages.deletedAt} is null
      and ${messages.authorCustomerId} is distinct from ${customerId}
    on conflict do nothing`);
}
