import type { SQL } from "drizzle-orm";
import type { Message } from "@/db/schema";

export type DeliveryChannel = "email" | "push" | "live";

/**
 * A channel with a delivery row per recipient: one that tells people later, through its own sender,
 * or (`recordOnly`) one that already happened when the message was published, whose row is the
 * record of it for the receipt. `mayReceive` is one SQL condition per audience over the rows
 * `participants`, `users` (team), `customers` and `workspaces`: planning uses it to decide, and a
 * sender uses it again to re-check just before sending, so the two can never disagree. For a team
 * member it also takes whether the message mentions them (a mention reaches through a mute).
 * `dueAt` says when, as SQL over the same rows, or null for "not planned"; a channel with nothing
 * for an audience leaves it out.
 */
export type ChannelPolicy = {
  channel: DeliveryChannel;
  recordOnly?: boolean;
  team?: { mayReceive: (mentioned: SQL) => SQL; dueAt: (message: Message) => SQL };
  customer?: { mayReceive: SQL; dueAt: (message: Message) => SQL };
};
