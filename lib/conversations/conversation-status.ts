import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { requireTeamAccess } from "./access";

/**
 * Closes or reopens a customer conversation the actor may see: it moves between Open
 * Conversations and Closed. A customer's reply reopens it (lib/chat/chat-conversations.ts).
 */
export async function setConversationStatus(
  db: Db,
  { actor, conversationId, status }: { actor: TeamActor; conversationId: string; status: "open" | "closed" },
) {
  const { conversation } = await requireTeamAccess(db, actor, conversationId);
  if (conversation.kind !== "customer")
    throw new DomainError("not_a_customer_conversation", "Only customer conversations can be closed.");
  await db.update(conversations).set({ status }).where(eq(conversations.id, conversationId));
  return { status };
}
