import "server-only";
import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, customers, items, messages, participants } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/permissions";
import { shownBody } from "@/lib/conversations/shown-body";
import { isUuid } from "@/lib/uuid";
import { customerNotFound } from "./customers";

/** Threads and tickets shown on a customer's page; past this many the page says there are more. */
export const CUSTOMER_DETAIL_LIMIT = 50;

export type CustomerDetail = Awaited<ReturnType<typeof getCustomerDetail>>;

/**
 * One customer of the admin's workspace, with their conversations (newest activity first, off the
 * customer's list index) and their tickets: those they asked for and those they follow (newest first).
 */
export async function getCustomerDetail(
  db: Db,
  {
    actor,
    customerId,
    limit = CUSTOMER_DETAIL_LIMIT,
  }: { actor: TeamActor; customerId: string; limit?: number },
) {
  requireAdmin(actor, "Only admins can see the workspace's customers.");
  if (!isUuid(customerId)) throw customerNotFound();
  const [customer] = await db
    .select({
      id: customers.id,
      name: customers.name,
      email: customers.email,
      revoked: sql<boolean>`${customers.revokedAt} is not null`,
      blocked: sql<boolean>`${customers.blockedAt} is not null`,
      pendingEmail: customers.pendingEmail,
      createdAt: customers.createdAt,
    })
    .from(customers)
    .where(and(eq(customers.id, customerId), eq(customers.workspaceId, actor.workspaceId)));
  if (!customer) throw customerNotFound();

  const [threads, tickets] = await Promise.all([
    db
      .select({
        id: conversations.id,
        subject: conversations.subject,
        // Without a subject, a conversation is told apart by how it began (as in the messenger's lists).
        opening: shownBody,
        status: conversations.status,
        lastMessageAt: participants.lastMessageAt,
      })
      .from(participants)
      .innerJoin(conversations, eq(conversations.id, participants.conversationId))
      .leftJoin(messages, and(eq(messages.conversationId, conversations.id), eq(messages.seq, 1)))
      .where(and(eq(participants.customerId, customer.id), eq(participants.onItem, false)))
      .orderBy(desc(participants.lastMessageAt), desc(participants.conversationId))
      .limit(limit + 1),
    db
      .select({ id: items.id, number: items.number, title: items.title, status: items.status })
      .from(items)
      .where(
        and(
          eq(items.workspaceId, actor.workspaceId),
          or(
            eq(items.requesterCustomerId, customer.id),
            inArray(
              items.conversationId,
              db
                .select({ id: participants.conversationId })
                .from(participants)
                .where(and(eq(participants.customerId, customer.id), eq(participants.onItem, true))),
            ),
          ),
        ),
      )
      .orderBy(desc(items.number))
      .limit(limit + 1),
  ]);
  return {
    customer,
    conversations: { rows: threads.slice(0, limit), more: threads.length > limit },
    tickets: { rows: tickets.slice(0, limit), more: tickets.length > limit },
  };
}
