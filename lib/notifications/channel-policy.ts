import type { SQL } from "drizzle-orm";
import type { Message } from "@/db/schema";

export type DeliveryChannel = "email";

/**
 * A channel that tells people later, through a delivery row that its own sender works off.
 * `mayReceive` is one SQL condition per audience over the rows `participants`, `users` (team),
 * `customers` and `workspaces`: planning uses it to decide, and the sender uses it again to
 * re-check just before sending, so the two can never disagree. For a team member it also takes
 * whether the message mentions them (a mention reaches through a mute). `dueAt` says when, as SQL
 * over the same rows; a channel with nothing for an audience leaves it out.
 */
export type ChannelPolicy = {
  channel: DeliveryChannel;
  team?: { mayReceive: (mentioned: SQL) => SQL; dueAt: (message: Message) => SQL };
  customer?: { mayReceive: SQL; dueAt: (message: Message) => SQL };
};
