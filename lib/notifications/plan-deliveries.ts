import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers, type Message, messageMentions, participants, users, workspaces } from "@/db/schema";
import { customerMaySee } from "@/lib/conversations/customer-visibility";
import type { RealtimeEvent } from "@/lib/realtime/events";
import type { ChannelPolicy } from "./channel-policy";
import { emailPolicy } from "./email-policy";
import { inAppEvents, type Recipient } from "./in-app-events";
import { livePolicy } from "./live-policy";
import { pushPolicy } from "./push-policy";

/**
 * Every channel with a delivery row. A new channel that tells people later is a policy here and a
 * sender of its own; one that is only a record (live) is written as sent.
 */
const LATER_CHANNELS: ChannelPolicy[] = [emailPolicy, pushPolicy, livePolicy];

/**
 * Plans everything a new message causes, inside its transaction (DELIVERY-RULES). Its recipients
 * are resolved once: the thread's participants, less deactivated members, and less customers for a
 * message they may not see. Then each channel decides for each of them: the in-app channel returns
 * the realtime events to publish after the commit, and every other channel writes a delivery row
 * with its due time where its policy allows. Nobody is told of their own message, and a system
 * line (which records what someone did) only moves lists. `fileNames` are the message's files, for
 * the preview of a message of files only.
 */
export async function planDeliveries(
  tx: Db,
  message: Message,
  authorName: string,
  fileNames: string[] = [],
): Promise<RealtimeEvent[]> {
  const isAuthor = message.authorCustomerId
    ? sql`${participants.customerId} is not distinct from ${message.authorCustomerId}`
    : sql`${participants.userId} is not distinct from ${message.authorUserId}`;
  const later = message.authorKind === "system" ? [] : LATER_CHANNELS;
  // Mentions are stored with the message before it is planned (lib/mentions/).
  const mentioned = sql`exists (select 1 from ${messageMentions}
    where ${messageMentions.messageId} = ${message.id} and ${messageMentions.userId} = ${participants.userId})`;
  const dueColumns = later.map(
    (policy) => sql`, case when ${isAuthor} then null
      when ${participants.userId} is not null then ${dueIf(policy.team?.mayReceive(mentioned), policy.team?.dueAt(message))}
      else ${dueIf(policy.customer?.mayReceive, policy.customer?.dueAt(message))} end as ${sql.identifier(`due_${policy.channel}`)}`,
  );
  const planned = later.map(
    (policy) =>
      sql`(${policy.channel}::delivery_channel, r.${sql.identifier(`due_${policy.channel}`)},
        ${policy.recordOnly ? "sent" : "pending"}::delivery_status)`,
  );
  const result = await tx.execute(sql`
    with recipients as (
      select ${participants.userId} as user_id, ${participants.customerId} as customer_id,
             ${participants.muted} as muted, ${isAuthor} as is_author, ${mentioned} as mentioned,
             coalesce(${users.notificationsPausedUntil} > ${message.createdAt}::timestamptz, false) as paused,
             case when ${participants.userId} is not null then (
               select count(*)::int from participants mine
               where mine.user_id = ${participants.userId} and mine.workspace_id = ${participants.workspaceId}
                 and mine.latest_seq > mine.last_read_seq) end as unread_count
             ${sql.join(dueColumns, sql``)}
      from ${participants}
      join ${workspaces} on ${workspaces.id} = ${participants.workspaceId}
      left join ${users} on ${users.id} = ${participants.userId}
      left join ${customers} on ${customers.id} = ${participants.customerId}
      where ${participants.conversationId} = ${message.conversationId}
        and (${users.id} is null or ${users.deactivatedAt} is null)
        and (${customers.id} is null or ${customers.revokedAt} is null)
        ${customerMaySee(message) ? sql`` : sql`and ${participants.userId} is not null`}
    )${
      planned.length === 0
        ? sql``
        : sql`, planned as (
      insert into deliveries (workspace_id, message_id, conversation_id, recipient_user_id, recipient_customer_id,
                              channel, due_at, status, sent_at)
      select ${message.workspaceId}, ${message.id}, ${message.conversationId}, r.user_id, r.customer_id,
             c.channel, c.due_at, c.status, case when c.status = 'sent' then c.due_at end
      from recipients r cross join lateral (values ${sql.join(planned, sql`, `)}) as c(channel, due_at, status)
      where c.due_at is not null
      on conflict do nothing)`
    }
    select user_id, customer_id, muted, mentioned, paused, is_author, unread_count from recipients`);
  const rows = (result as unknown as { rows: RecipientRow[] }).rows;
  return inAppEvents(
    message,
    authorName,
    rows.map(
      (row): Recipient =>
        row.user_id
          ? {
              kind: "user",
              userId: row.user_id,
              muted: row.muted,
              mentioned: row.mentioned,
              paused: row.paused,
              unreadCount: Number(row.unread_count),
            }
          : { kind: "customer", customerId: row.customer_id as string },
    ),
    fileNames,
  );
}

type RecipientRow = {
  user_id: string | null;
  customer_id: string | null;
  muted: boolean;
  mentioned: boolean;
  paused: boolean;
  is_author: boolean;
  unread_count: number | null;
};

const dueIf = (allowed: SQL | undefined, dueAt: SQL | undefined): SQL =>
  allowed && dueAt ? sql`case when ${allowed} then ${dueAt} end` : sql`null`;
