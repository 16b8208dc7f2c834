import { sql } from "drizzle-orm";
import type { Message } from "@/db/schema";
import { participants, pushSubscriptions, users } from "@/db/schema";
import type { ChannelPolicy } from "./channel-policy";
import { connectedWhenSent } from "./connected";
import { directForMember } from "./email-policy";

/**
 * Web Push (DELIVERY-RULES: push), for team members only, so no customer is ever pushed anything,
 * internal or not. Planned while active, with at least one device, the conversation not muted
 * (unless the message mentions them), and their push choice takes it in (the same three levels as
 * email). Due at once, unless they were connected when it was sent: then the bubble does the job
 * and nothing is planned. A pause holds what falls due (claimDueDeliveries), as for email.
 */
export const pushPolicy = {
  channel: "push",
  team: {
    mayReceive: (mentioned) => sql`(${users.deactivatedAt} is null
      and exists (select 1 from ${pushSubscriptions} where ${pushSubscriptions.userId} = ${users.id})
      and (not ${participants.muted} or ${mentioned})
      and (${users.pushChoice} = 'all' or (${users.pushChoice} = 'direct' and (${directForMember} or ${mentioned}))))`,
    dueAt: (message: Message) =>
      sql`case when ${connectedWhenSent(message, sql`pr.user_id = ${participants.userId}`)} then null
        else ${message.createdAt}::timestamptz end`,
  },
} satisfies ChannelPolicy;
