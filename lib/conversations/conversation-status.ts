import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, customers, participants } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { chatChannel, conversationChannel, customerChannel } from "@/lib/realtime/channels";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { publish } from "@/lib/realtime/publish";
import { requireTeamAccess } from "./access";
import { postInTransaction } from "./post-message";

export type ConversationStatus = "open" | "closed";

/**
 * Closes or reopens a customer conversation the actor may see: it moves between Open
 * Conversations and Closed. A customer's reply reopens it (lib/conversations/post-message.ts).
 * Closing names the newest message the actor has on screen (`seenSeq`): if one arrived since, the
 * close is refused, so that a customer's last-second reply is never buried in Closed.
 *
 * A change is recorded in the thread by a system line ("Alice Admin closed this conversation"),
 * posted in the same transaction through the one posting pipeline: like every system line in a
 * customer thread it is the team's (never emailed, never shown to a customer). The customers'
 * chat pages are told the new status instead, after the commit, so that theirs changes at once.
 * Setting the status it already has changes nothing, and tells nobody.
 */
export async function setConversationStatus(
  db: Db,
  {
    actor,
    conversationId,
    status,
    seenSeq,
    now = new Date(),
  }: { actor: TeamActor; conversationId: string; status: ConversationStatus; seenSeq?: number; now?: Date },
) {
  const events = await db.transaction(async (tx) => {
    // Locked: a reply commits either before this check or after the close (and then reopens it).
    const { conversation } = await requireTeamAccess(tx, actor, conversationId, { lock: true });
    if (conversation.kind !== "customer")
      throw new DomainError("not_a_customer_conversation", "Only customer conversations can be closed.");
    // A ticket has a status of its own, set on its page; its thread never closes under it.
    if (conversation.onItem) throw new DomainError("item_thread", "Set the ticket's status on its page.");
    if (status === "closed" && seenSeq !== undefined && conversation.lastMessageSeq > seenSeq)
      throw new DomainError(
        "new_message",
        "A new message just arrived. Read it before closing the conversation.",
      );
    if (conversation.status === status) return [];
    await tx.update(conversations).set({ status }).where(eq(conversations.id, conversationId));
    const { events } = await postInTransaction(tx, {
      actor: { kind: "system", causedBy: actor },
      conversationId,
      body: `${actor.name} ${status === "closed" ? "closed" : "reopened"} this conversation`,
      now,
    });
    return [...events, ...statusEvents(conversationId, status, await customersOf(tx, conversationId))];
  });
  await publish(events);
  return { status };
}

/**
 * A conversation's new status, for whoever has it on screen: the team on its channel, and each
 * customer taking part on their chat channel of it and on their own (their list).
 */
export function statusEvents(
  conversationId: string,
  status: ConversationStatus,
  customerIds: string[],
): RealtimeEvent[] {
  const data = { conversationId, status };
  return [
    { channel: conversationChannel(conversationId), name: "conversation.status", data },
    ...customerIds.flatMap((customerId): RealtimeEvent[] => [
      { channel: chatChannel(conversationId, customerId), name: "conversation.status", data },
      { channel: customerChannel(customerId), name: "conversation.status", data },
    ]),
  ];
}

/** The customers taking part whose access stands: those a public message would reach. */
export async function customersOf(db: Db, conversationId: string): Promise<string[]> {
  const rows = await db
    .select({ customerId: participants.customerId })
    .from(participants)
    .innerJoin(customers, eq(customers.id, participants.customerId))
    .where(
      and(
        eq(participants.conversationId, conversationId),
        isNotNull(participants.customerId),
        isNull(customers.revokedAt),
      ),
    );
  return rows.flatMap((row) => (row.customerId ? [row.customerId] : []));
}
