import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries, users } from "@/db/schema";
import type { DeliveryChannel } from "./channel-policy";

/**
 * Claims a channel's due deliveries for the caller's transaction: `FOR UPDATE SKIP LOCKED`, so any
 * number of senders may run at once and never hold the same rows. Each channel claims only its
 * own, off the due index (channel, due time) of pending rows, however long the history. Those of a
 * member whose notifications are paused are left for after the pause.
 */
export function claimDueDeliveries(
  tx: Db,
  { channel, now, limit }: { channel: DeliveryChannel; now: Date; limit: number },
) {
  return tx
    .select({
      id: deliveries.id,
      messageId: deliveries.messageId,
      conversationId: deliveries.conversationId,
      userId: deliveries.recipientUserId,
      customerId: deliveries.recipientCustomerId,
    })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.channel, channel),
        eq(deliveries.status, "pending"),
        lte(deliveries.dueAt, now),
        // A member who paused notifications is told nothing until the pause ends: what falls due
        // meanwhile waits here, and is cancelled then if they have seen it.
        sql`not exists (select 1 from ${users} where ${users.id} = ${deliveries.recipientUserId}
                          and ${users.notificationsPausedUntil} > ${now}::timestamptz)`,
      ),
    )
    .orderBy(asc(deliveries.dueAt))
    .limit(limit)
    .for("update", { skipLocked: true });
}
