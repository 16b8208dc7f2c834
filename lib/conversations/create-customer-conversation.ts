import type { Db } from "@/db/client";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { findOrCreateCustomers, requireCustomers } from "@/lib/people/customers";
import { requireTeamMembers } from "@/lib/people/team-members";
import { createAndAnnounce, requireRoomFor } from "./create-conversation";
import { findRetriedSend } from "./find-retried-send";
import { requireBody } from "./message-body";
import { startConversation } from "./start-conversation";

/**
 * Starts a conversation with one or more customers, and any teammates who should follow it, with
 * its first (public) message. Addresses not yet known become new customers of the workspace.
 * Retrying with the same clientMessageId returns the conversation the first attempt created.
 */
export async function createCustomerConversation(
  db: Db,
  input: {
    actor: TeamActor;
    customerIds: string[];
    newCustomerEmails?: string[];
    userIds: string[];
    body: string;
    clientMessageId: string;
    now?: Date;
  },
): Promise<{ conversationId: string; messageId: string }> {
  const { actor, clientMessageId } = input;
  const body = requireBody(input.body);
  const sender = { userId: actor.userId };
  const retried = await findRetriedSend(db, { sender, clientMessageId });
  if (retried) return { conversationId: retried.conversationId, messageId: retried.id };

  const newEmails = input.newCustomerEmails ?? [];
  if (input.customerIds.length + newEmails.length === 0)
    throw new DomainError("no_customers", "Add at least one customer to write to.");
  const teammates = [...new Set(input.userIds)].filter((id) => id !== actor.userId);
  requireRoomFor(1 + teammates.length + new Set(input.customerIds).size + newEmails.length);
  const [members, known] = await Promise.all([
    requireTeamMembers(db, actor, teammates),
    requireCustomers(db, actor.workspaceId, input.customerIds),
  ]);

  return createAndAnnounce(db, { sender, clientMessageId }, () =>
    db.transaction(async (tx) => {
      const created = await findOrCreateCustomers(tx, actor.workspaceId, newEmails);
      return startConversation(tx, {
        workspaceId: actor.workspaceId,
        kind: "customer",
        createdByUserId: actor.userId,
        userIds: [actor.userId, ...members.map((member) => member.id)],
        customerIds: [...new Set([...known, ...created].map((customer) => customer.id))],
        author: { kind: "user", userId: actor.userId, name: actor.name },
        body,
        clientMessageId,
        now: input.now ?? new Date(),
      });
    }),
  );
}
