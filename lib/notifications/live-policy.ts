import { sql } from "drizzle-orm";
import type { Message } from "@/db/schema";
import { participants } from "@/db/schema";
import type { ChannelPolicy } from "./channel-policy";
import { connectedWhenSent } from "./connected";

/**
 * The record that a message reached someone's open app or chat page live: whoever had a live
 * connection when it was published (the in-app event itself goes to everyone; this row is only
 * what the receipt reads as "Shown live").
 */
export const livePolicy = {
  channel: "live",
  recordOnly: true,
  team: {
    mayReceive: () => sql`true`,
    dueAt: (message: Message) =>
      sql`case when ${connectedWhenSent(message, sql`pr.user_id = ${participants.userId}`)} then ${message.createdAt}::timestamptz end`,
  },
  customer: {
    mayReceive: sql`true`,
    dueAt: (message: Message) =>
      sql`case when ${connectedWhenSent(message, sql`pr.customer_id = ${participants.customerId}`)} then ${message.createdAt}::timestamptz end`,
  },
} satisfies ChannelPolicy;
