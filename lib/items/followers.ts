import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers, messages, participants, users, workspaces } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { isAdmin } from "@/lib/auth/permissions";
import { customerVisible } from "@/lib/conversations/customer-visibility";
import { addedLine } from "@/lib/conversations/join-names";
import { postInTransaction } from "@/lib/conversations/post-message";
import { tellOtherTabs } from "@/lib/conversations/read-state";
import { DomainError } from "@/lib/domain-error";
import { emailPolicy } from "@/lib/notifications/email-policy";
import { requireCustomers } from "@/lib/people/customers";
import { requireTeamMembers } from "@/lib/people/team-members";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { publish } from "@/lib/realtime/publish";
import { isUuid } from "@/lib/uuid";
import { type ItemRef, requireItem } from "./item-access";

export type Follower = {
  id: string;
  kind: "user" | "customer";
  name: string;
  email: string;
  /** A team member who muted the thread: no bubble and no email. */
  muted: boolean;
  /** Whether the email fallback may reach them now, by the policy planning uses. */
  emailed: boolean;
};

/**
 * The item's followers (team members, then customers), with what the email policy says of each:
 * the "Will notify" line before sending is built from this, so it cannot disagree with planning.
 */
export async function listFollowers(
  db: Db,
  { conversationId }: { conversationId: string },
): Promise<Follower[]> {
  return db
    .select({
      id: sql<string>`coalesce(${users.id}, ${customers.id})`,
      kind: sql<Follower["kind"]>`case when ${users.id} is null then 'customer' else 'user' end`,
      name: sql<string>`coalesce(${users.name}, ${customers.name})`,
      email: sql<string>`coalesce(${users.email}, ${customers.email})`,
      muted: participants.muted,
      // Of a message that mentions nobody: a mention reaches a muted follower all the same.
      emailed: sql<boolean>`case when ${users.id} is not null then ${emailPolicy.team.mayReceive(sql`false`)}
        else ${emailPolicy.customer.mayReceive} end`,
    })
    .from(participants)
    .innerJoin(workspaces, eq(workspaces.id, participants.workspaceId))
    .leftJoin(users, eq(users.id, participants.userId))
    .leftJoin(customers, eq(customers.id, participants.customerId))
    .where(
      and(
        eq(participants.conversationId, conversationId),
        // Who receives nothing is not shown as following.
        sql`(${users.id} is null or ${users.deactivatedAt} is null)`,
        sql`(${customers.id} is null or ${customers.revokedAt} is null)`,
      ),
    )
    .orderBy(sql`${users.id} is null`, asc(participants.addedAt));
}

/** The actor follows the item: from now on they are told of its messages. Nothing is unread for it. */
export async function followItem(db: Db, { actor, ...ref }: { actor: TeamActor } & ItemRef) {
  const thread = await db.transaction(async (tx) => {
    const { conversation, follower } = await requireItem(tx, actor, ref, { lock: true });
    if (follower) return conversation;
    await tx.insert(participants).values({
      workspaceId: actor.workspaceId,
      conversationId: conversation.id,
      kind: conversation.kind,
      onItem: true,
      userId: actor.userId,
      latestSeq: conversation.lastMessageSeq,
      lastReadSeq: conversation.lastMessageSeq,
      lastMessageAt: conversation.lastMessageAt,
    });
    return conversation;
  });
  await tellOtherTabs(db, actor, { conversationId: thread.id, lastReadSeq: thread.lastMessageSeq });
}

/**
 * The actor stops following: no bubble, email or live event about the item reaches them after this
 * (pending emails are dropped by the sweep, which finds no follower). They can still open it, as
 * every team member can, and what they wrote stays.
 */
export async function unfollowItem(db: Db, { actor, ...ref }: { actor: TeamActor } & ItemRef) {
  const thread = await db.transaction(async (tx) => {
    const { conversation } = await requireItem(tx, actor, ref, { lock: true });
    await tx
      .delete(participants)
      .where(and(eq(participants.conversationId, conversation.id), eq(participants.userId, actor.userId)));
    return conversation;
  });
  await tellOtherTabs(db, actor, { conversationId: thread.id, lastReadSeq: thread.lastMessageSeq });
}

/**
 * The assignee or an admin adds followers: team members to any item, customers to a ticket. They
 * see its whole history (customers, its public messages), and a system line says who added whom.
 */
export async function addFollowers(
  db: Db,
  input: { actor: TeamActor; userIds?: string[]; customerIds?: string[]; now?: Date } & ItemRef,
): Promise<{ added: string[] }> {
  const { actor } = input;
  const now = input.now ?? new Date();
  const { added, events } = await db.transaction(async (tx) => {
    const { item, conversation } = await requireItem(tx, actor, input, { lock: true });
    requireFollowerManager(actor, item);
    const userIds = input.userIds ?? [];
    const customerIds = input.customerIds ?? [];
    if (userIds.length + customerIds.length === 0)
      throw new DomainError("no_participants", "Choose at least one person to add.");
    if (customerIds.length > 0 && item.kind !== "ticket")
      throw new DomainError("customer_not_allowed", "Customers can follow tickets, not tasks.");
    const members = await requireTeamMembers(tx, actor, userIds);
    const clients = await requireCustomers(tx, actor.workspaceId, customerIds);
    const base = {
      workspaceId: actor.workspaceId,
      conversationId: conversation.id,
      kind: conversation.kind,
      onItem: true,
      lastMessageAt: now,
    };
    // A customer's place starts at the newest message they may see, read: the history is theirs
    // to scroll, and the line that adds them is the team's. A teammate's starts before the line.
    const [newestPublic] = clients.length
      ? await tx
          .select({ seq: sql<number>`coalesce(max(${messages.seq}), 0)::int` })
          .from(messages)
          .where(and(eq(messages.conversationId, conversation.id), customerVisible))
      : [];
    const customerPlace = { latestSeq: newestPublic?.seq ?? 0, lastReadSeq: newestPublic?.seq ?? 0 };
    const inserted = await tx
      .insert(participants)
      .values([
        ...members.map((member) => ({ ...base, userId: member.id })),
        ...clients.map((customer) => ({ ...base, ...customerPlace, customerId: customer.id })),
      ])
      .onConflictDoNothing()
      .returning({ userId: participants.userId, customerId: participants.customerId });
    const added = [...members, ...clients].filter((person) =>
      inserted.some((row) => row.userId === person.id || row.customerId === person.id),
    );
    if (added.length === 0) return { added, events: [] };
    const { events } = await postInTransaction(tx, {
      actor: { kind: "system", causedBy: actor },
      conversationId: conversation.id,
      body: addedLine(
        actor.name,
        added.map((person) => person.name),
        { asFollowers: true },
      ),
      now,
    });
    return { added, events };
  });
  await publish(events);
  return { added: added.map((person) => person.id) };
}

/**
 * The assignee or an admin removes a follower (anyone may remove themselves: that is unfollowing).
 * A system line records it; the person is told nothing more about the item.
 */
export async function removeFollower(
  db: Db,
  input: { actor: TeamActor; person: { userId: string } | { customerId: string }; now?: Date } & ItemRef,
): Promise<void> {
  const { actor, person } = input;
  const now = input.now ?? new Date();
  if ("userId" in person && person.userId === actor.userId) return unfollowItem(db, input);
  if (!isUuid("userId" in person ? person.userId : person.customerId)) throw notAFollower();
  const events = await db.transaction(async (tx): Promise<RealtimeEvent[]> => {
    const { item, conversation } = await requireItem(tx, actor, input, { lock: true });
    requireFollowerManager(actor, item);
    const [follower] = await tx
      .select({ id: participants.id, name: sql<string>`coalesce(${users.name}, ${customers.name})` })
      .from(participants)
      .leftJoin(users, eq(users.id, participants.userId))
      .leftJoin(customers, eq(customers.id, participants.customerId))
      .where(
        and(
          eq(participants.conversationId, conversation.id),
          "userId" in person
            ? eq(participants.userId, person.userId)
            : eq(participants.customerId, person.customerId),
        ),
      );
    if (!follower) throw notAFollower();
    await tx.delete(participants).where(eq(participants.id, follower.id));
    const { events } = await postInTransaction(tx, {
      actor: { kind: "system", causedBy: actor },
      conversationId: conversation.id,
      body: `${actor.name} removed ${follower.name} from the followers`,
      now,
    });
    return events;
  });
  await publish(events);
}

const notAFollower = () => new DomainError("unknown_participant", "That person does not follow this item.");

/** Who may add and remove any follower: the item's assignee, and the workspace's admins. */
function requireFollowerManager(actor: TeamActor, item: { assigneeUserId: string | null }) {
  if (!isAdmin(actor) && item.assigneeUserId !== actor.userId)
    throw new DomainError("forbidden", "Only the assignee or an admin can add or remove followers.");
}
