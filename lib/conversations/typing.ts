import type { Db } from "@/db/client";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { hitRateLimit, type RateLimit, rateSubjectOf } from "@/lib/rate-limit";
import { chatChannel, conversationChannel } from "@/lib/realtime/channels";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { publish } from "@/lib/realtime/publish";
import { requireCustomerAccess, requireTeamAccess } from "./access";
import type { Visibility } from "./append-message";
import { customersOf } from "./conversation-status";

/**
 * Typing notices per person per minute, on either side. Each client tells at most every 3 s while
 * its person types (20 a minute), so two tabs at once stay under it; a script saying it in a loop
 * does not get to flood a conversation's listeners.
 */
export const typingPerMinute = (): RateLimit => ({
  name: "typing",
  max: 40,
  windowSeconds: 60,
  message: "You are typing faster than anyone can read.",
});

/**
 * "Bob Builder is typing…", for the others in a conversation the team member may see: always on the
 * conversation's channel (the team's), and on its customers' chat channels only while they write a
 * reply the customers will see. A team member writing an internal message (and `visibility` says so
 * unless the composer says "public") is never shown to a customer as typing: nothing at all is sent
 * to them.
 */
export async function announceTyping(
  db: Db,
  {
    actor,
    conversationId,
    visibility = "internal",
    now = new Date(),
  }: { actor: TeamActor; conversationId: string; visibility?: Visibility; now?: Date },
) {
  const { conversation } = await requireTeamAccess(db, actor, conversationId);
  await hitRateLimit(db, typingPerMinute(), rateSubjectOf(actor), now);
  const toCustomers =
    visibility === "public" && conversation.kind === "customer" ? await customersOf(db, conversationId) : [];
  await publish([
    {
      channel: conversationChannel(conversationId),
      name: "typing",
      data: { conversationId, userId: actor.userId, name: actor.name },
    },
    ...customerNotices(conversationId, actor.name, toCustomers),
  ]);
}

/**
 * "Dana Diaz is typing…": a customer on the chat page, in a conversation they take part in, tells
 * the team (on the conversation's channel) and any other customer in it (on theirs).
 */
export async function announceCustomerTyping(
  db: Db,
  { actor, conversationId, now = new Date() }: { actor: CustomerActor; conversationId: string; now?: Date },
) {
  await requireCustomerAccess(db, actor, conversationId);
  await hitRateLimit(db, typingPerMinute(), rateSubjectOf(actor), now);
  const others = (await customersOf(db, conversationId)).filter((id) => id !== actor.customerId);
  await publish([
    {
      channel: conversationChannel(conversationId),
      name: "typing",
      data: { conversationId, customerId: actor.customerId, name: actor.name },
    },
    ...customerNotices(conversationId, actor.name, others),
  ]);
}

const customerNotices = (conversationId: string, name: string, customerIds: string[]): RealtimeEvent[] =>
  customerIds.map((customerId) => ({
    channel: chatChannel(conversationId, customerId),
    name: "typing",
    data: { conversationId, name },
  }));
