import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, type Item, items, participants, workspaces } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { requireTeamAccess } from "@/lib/conversations/access";
import { postInTransaction } from "@/lib/conversations/post-message";
import { startThread } from "@/lib/conversations/start-conversation";
import { DomainError } from "@/lib/domain-error";
import { requireCustomers } from "@/lib/people/customers";
import { requireTeamMembers } from "@/lib/people/team-members";
import { publish } from "@/lib/realtime/publish";
import { type ItemKind, itemRef } from "./item-fields";
import { itemDescription, itemTitle, requireField } from "./item-input";

/**
 * A new ticket or task, with its thread. Its first followers are its creator, its assignee and,
 * for a ticket, its requester. A system line opens the thread ("Bob Builder created ticket #12"),
 * which moves the followers' lists and emails nobody.
 */
export async function createItem(
  db: Db,
  input: {
    actor: TeamActor;
    kind: ItemKind;
    title: string;
    description?: string;
    requesterCustomerId?: string | null;
    assigneeUserId?: string | null;
    now?: Date;
  },
): Promise<Item> {
  const { actor, kind } = input;
  const now = input.now ?? new Date();
  const title = requireField(itemTitle, input.title);
  const description = requireField(itemDescription, input.description ?? "");
  if (kind === "ticket" && !input.requesterCustomerId)
    throw new DomainError("requester_required", "Choose the customer this ticket is for.");
  if (kind === "task" && input.requesterCustomerId)
    throw new DomainError("customer_not_allowed", "A task is internal work: it has no customer.");

  const { item, events } = await db.transaction(async (tx) => {
    const [requester] = input.requesterCustomerId
      ? await requireCustomers(tx, actor.workspaceId, [input.requesterCustomerId])
      : [];
    const [assignee] = input.assigneeUserId
      ? await requireTeamMembers(tx, actor, [input.assigneeUserId])
      : [];
    const conversationId = await startThread(tx, {
      workspaceId: actor.workspaceId,
      kind: kind === "ticket" ? "customer" : "internal",
      createdByUserId: actor.userId,
      userIds: [...new Set([actor.userId, ...(assignee ? [assignee.id] : [])])],
      customerIds: requester ? [requester.id] : [],
      onItem: true,
      now,
    });
    const item = await insertItem(tx, {
      actor,
      kind,
      title,
      description,
      conversationId,
      requesterCustomerId: requester?.id ?? null,
      assigneeUserId: assignee?.id ?? null,
      now,
    });
    const { events } = await postInTransaction(tx, {
      actor: { kind: "system", causedBy: actor },
      conversationId,
      body: `${actor.name} created ${kind} ${itemRef(item.number)}`,
      now,
    });
    return { item, events };
  });
  await publish(events);
  return item;
}

/**
 * A ticket (from a customer conversation) or a task (from an internal one) whose thread is that
 * conversation: its history stays as it is, nothing is sent again, and its participants become
 * the followers, with the creator. The first customer in it becomes the ticket's requester.
 */
export async function createItemFromConversation(
  db: Db,
  input: { actor: TeamActor; conversationId: string; title: string; now?: Date },
): Promise<Item> {
  const { actor, conversationId } = input;
  const now = input.now ?? new Date();
  const title = requireField(itemTitle, input.title);
  const { item, events } = await db.transaction(async (tx) => {
    const { conversation, participant } = await requireTeamAccess(tx, actor, conversationId, { lock: true });
    if (conversation.onItem)
      throw new DomainError(
        "already_an_item",
        "This conversation is already the thread of a ticket or task.",
      );
    const kind: ItemKind = conversation.kind === "customer" ? "ticket" : "task";
    const [requester] =
      kind === "ticket"
        ? await tx
            .select({ id: participants.customerId })
            .from(participants)
            .where(and(eq(participants.conversationId, conversationId), isNotNull(participants.customerId)))
            .orderBy(asc(participants.addedAt))
            .limit(1)
        : [];
    if (kind === "ticket" && !requester?.id)
      throw new DomainError("requester_required", "This conversation has no customer to make a ticket for.");
    await tx.update(conversations).set({ onItem: true }).where(eq(conversations.id, conversationId));
    await tx
      .update(participants)
      .set({ onItem: true })
      .where(eq(participants.conversationId, conversationId));
    if (!participant)
      await tx.insert(participants).values({
        workspaceId: actor.workspaceId,
        conversationId,
        kind: conversation.kind,
        onItem: true,
        userId: actor.userId,
        latestSeq: conversation.lastMessageSeq,
        lastReadSeq: conversation.lastMessageSeq,
        lastMessageAt: conversation.lastMessageAt,
      });
    const item = await insertItem(tx, {
      actor,
      kind,
      title,
      description: "",
      conversationId,
      requesterCustomerId: requester?.id ?? null,
      assigneeUserId: null,
      now,
    });
    const { events } = await postInTransaction(tx, {
      actor: { kind: "system", causedBy: actor },
      conversationId,
      body: `${actor.name} made this conversation ${kind} ${itemRef(item.number)}`,
      now,
    });
    return { item, events };
  });
  await publish(events);
  return item;
}

/** The item's row, numbered next in its workspace (under the workspace row's lock, so numbers never repeat). */
async function insertItem(
  tx: Db,
  input: {
    actor: TeamActor;
    kind: ItemKind;
    title: string;
    description: string;
    conversationId: string;
    requesterCustomerId: string | null;
    assigneeUserId: string | null;
    now: Date;
  },
): Promise<Item> {
  const { actor, now } = input;
  const [numbered] = await tx
    .update(workspaces)
    .set({ lastItemNumber: sql`${workspaces.lastItemNumber} + 1` })
    .where(eq(workspaces.id, actor.workspaceId))
    .returning({ number: workspaces.lastItemNumber });
  if (!numbered) throw new Error(`workspace ${actor.workspaceId} vanished mid-transaction`);
  const [item] = await tx
    .insert(items)
    .values({
      workspaceId: actor.workspaceId,
      number: numbered.number,
      kind: input.kind,
      title: input.title,
      description: input.description,
      requesterCustomerId: input.requesterCustomerId,
      assigneeUserId: input.assigneeUserId,
      createdByUserId: actor.userId,
      conversationId: input.conversationId,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!item) throw new Error("insert returned no item");
  return item;
}
