import { type SQL, sql } from "drizzle-orm";
import type { Message } from "@/db/schema";
import { ONLINE_WINDOW_MS } from "@/lib/realtime/presence-timing";

/**
 * Whether a person had a live connection when a message was sent (DELIVERY-RULES, "Connected"):
 * a heartbeat within the online window before it. `person` is SQL naming the presence column to
 * match and the id: `pr.user_id = …` or `pr.customer_id = …`.
 */
export const connectedWhenSent = (message: Message, person: SQL) => sql`exists (
  select 1 from presence pr
  where ${person} and pr.last_seen_at > ${new Date(message.createdAt.getTime() - ONLINE_WINDOW_MS)}::timestamptz)`;
