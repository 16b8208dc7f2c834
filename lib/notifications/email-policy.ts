import { sql } from "drizzle-orm";
import { customers, items, participants, users, workspaces } from "@/db/schema";
import type { ChannelPolicy } from "./channel-policy";
import { connectedWhenSent } from "./connected";

const afterDelay = (at: Date) =>
  sql`${at}::timestamptz + make_interval(secs => ${workspaces.emailDelaySeconds})`;

/**
 * A thread meant for the member themselves, for "Only direct conversations and mentions" (email and
 * push alike): an
 * internal conversation they take part in (not an item's thread), or the thread of an item assigned to them.
 */
export const directForMember = sql`((${participants.kind} = 'internal' and not ${participants.onItem})
  or exists (select 1 from ${items} where ${items.conversationId} = ${participants.conversationId}
               and ${items.assigneeUserId} = ${users.id}))`;

/**
 * The email fallback (DELIVERY-RULES: email).
 * - A team member: while active, the workspace's team email on, no admin has turned their email
 *   off, the conversation not muted (unless the message mentions them), and their email choice
 *   takes it in (All messages; or Only direct conversations and mentions, for a direct thread or a
 *   mention); due after the workspace delay, and cancelled if seen by then. While their notifications are paused, a
 *   due email waits (claimDueDeliveries), so a pause is not a condition here.
 * - A customer: with a confirmed address (never a visitor), while subscribed, not revoked, and the workspace emails customers. Connected to live chat when
 *   the message was sent: due after the delay (cancelled if seen on the chat page by then); not
 *   connected: due at once.
 */
export const emailPolicy = {
  channel: "email",
  team: {
    mayReceive: (mentioned) => sql`(${users.deactivatedAt} is null and ${workspaces.teamEmailEnabled}
      and not ${users.emailOffByAdmin} and (not ${participants.muted} or ${mentioned})
      and (${users.emailChoice} = 'all' or (${users.emailChoice} = 'direct' and (${directForMember} or ${mentioned}))))`,
    dueAt: (message) => afterDelay(message.createdAt),
  },
  customer: {
    mayReceive: sql`(${workspaces.customerEmailEnabled} and ${customers.email} is not null
      and ${customers.notifyEmail} and ${customers.revokedAt} is null)`,
    dueAt: (
      message,
    ) => sql`case when ${connectedWhenSent(message, sql`pr.customer_id = ${participants.customerId}`)}
      then ${afterDelay(message.createdAt)} else ${message.createdAt}::timestamptz end`,
  },
} satisfies ChannelPolicy;
