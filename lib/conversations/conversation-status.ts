import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { requireTeamAccess } from "./access";

/**
 * Closes or reopens a customer conversation the actor may see: it moves between Open
 * Conversations and Closed. A customer's reply reopens it (lib/conversations/post-message.ts).
 * Closing names the newest message the actor has on screen (`seenSeq`): if one arrived since, the
 * close is refused, so that a customer's last-second reply is never buried in Closed.
 */
export async function setConversationStatus(
  db: Db,
  {
    actor,
    conversationId,
    status,
    seenSeq,
  }: { actor: TeamActor; conversationId: string; status: "open" | "closed"; seenSeq?: number },
) {
  return db.transaction(async (tx) => {
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
    await tx.update(conversations).set({ status }).where(eq(conversations.id, conversationId));
    return { status };
  });
}
