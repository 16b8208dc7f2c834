import { sql } from "drizzle-orm";
import { customers, participants, users, workspaces } from "@/db/schema";
import { ONLINE_WINDOW_MS } from "@/lib/realtime/presence-timing";
import type { ChannelPolicy } from "./channel-policy";

const afterDelay = (at: Date) =>
  sql`${at}::timestamptz + make_interval(secs => ${workspaces.emailDelaySeconds})`;

/**
 * The email fallback (DELIVERY-RULES: email).
 * - A team member: while active, with email on, the conversation not muted, and the workspace's
 *   team email on; due after the workspace delay, and cancelled if seen by then.
 * - A customer: while subscribed, not revoked, and the workspace emails customers. Connected to live chat when
 *   the message was sent: due after the delay (cancelled if seen on the chat page by then); not
 *   connected: due at once.
 */
export const emailPolicy = {
  channel: "email",
  team: {
    mayReceive: sql`(${users.deactivatedAt} is null and ${users.notifyEmail} and not ${participants.muted} and ${workspaces.teamEmailEnabled})`,
    dueAt: (message) => afterDelay(message.createdAt),
  },
  customer: {
    mayReceive: sql`(${workspaces.customerEmailEnabled} and ${customers.notifyEmail} and ${customers.revokedAt} is null)`,
    dueAt: (message) => sql`case when exists (
        select 1 from presence pr
        where pr.customer_id = ${participants.customerId}
          and pr.last_seen_at > ${new Date(message.createdAt.getTime() - ONLINE_WINDOW_MS)}::timestamptz)
      then ${afterDelay(message.createdAt)} else ${message.createdAt}::timestamptz end`,
  },
} satisfies ChannelPolicy;
