import { and, asc, eq, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries } from "@/db/schema";
import type { DeliveryChannel } from "./channel-policy";

/**
 * Claims a channel's due deliveries for the caller's transaction: `FOR UPDATE SKIP LOCKED`, so any
 * number of senders may run at once and never hold the same rows. Each channel claims only its
 * own, off the due index (channel, due time) of pending rows, however long the history.
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
    .where(and(eq(deliveries.channel, channel), eq(deliveries.status, "pending"), lte(deliveries.dueAt, now)))
    .orderBy(asc(deliveries.dueAt))
    .limit(limit)
    .for("update", { skipLocked: true });
}
