import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, participants, users, workspaces } from "@/db/schema";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { isAdmin } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/domain-error";
import { requireRoomForNewAddresses } from "@/lib/email/new-address-quota";
import { findOrCreateCustomers, requireCustomers } from "@/lib/people/customers";
import { requireTeamMembers } from "@/lib/people/team-members";
import { hitRateLimit, type RateLimit, rateSubjectOf } from "@/lib/rate-limit";
import { requireNotBlocked } from "./access";
import { type PostedMessage, postMessage } from "./post-message";
import { requireRoomFor } from "./room";
import { requireSubject } from "./subject";

/**
 * New conversations a customer starts from the chat page, per hour. A customer with a new
 * question starts one, maybe a second; ten in an hour is already a lot for anyone writing by hand,
 * and each one lands in every customer-facing teammate's Open Conversations. Replies in the
 * conversations they have are not limited by it (only by the messages limit).
 */
export const CUSTOMER_CONVERSATIONS_PER_HOUR: RateLimit = {
  name: "customer-conversations",
  max: 10,
  windowSeconds: 3600,
  message: "You have started many conversations this hour. You can still reply in the ones you have.",
};

/** Conversations visitors (customers with no confirmed address) start from one network, per hour. */
export const VISITOR_CONVERSATIONS_PER_CLIENT: RateLimit = {
  name: "visitor-conversations-client",
  max: 30,
  windowSeconds: 3600,
  message: "Many conversations have been started from your network this hour.",
};

type FirstMessage = { body: string; clientMessageId: string; now?: Date };

/** What a team member may give a conversation they start, beside its first message. */
type Subject = { subject?: string | null };

/** Starts a thread and posts its first message in one transaction: it never exists without it. */
function postFirstMessage(
  db: Db,
  input: FirstMessage & { actor: TeamActor | CustomerActor },
  start: (tx: Db, now: Date) => Promise<string>,
) {
  const now = input.now ?? new Date();
  return postMessage(db, {
    actor: input.actor,
    body: input.body,
    clientMessageId: input.clientMessageId,
    now,
    startThread: (tx) => start(tx, now),
  });
}

/**
 * Starts a thread with its participants, inside the caller's transaction, and returns its id. It
 * has no message yet: every way of starting a conversation then posts the first one through
 * postMessage in the same transaction, and a thread that others post in later (an item's) can
 * exist before it.
 */
export async function startThread(
  tx: Db,
  input: {
    workspaceId: string;
    kind: "internal" | "customer";
    createdByUserId?: string;
    userIds: string[];
    customerIds: string[];
    /** The thread of a new ticket or task. */
    onItem?: boolean;
    subject?: string | null;
    now: Date;
  },
): Promise<string> {
  const { workspaceId, kind, now } = input;
  const onItem = input.onItem ?? false;
  const [conversation] = await tx
    .insert(conversations)
    .values({
      workspaceId,
      kind,
      createdByUserId: input.createdByUserId,
      lastMessageAt: now,
      onItem,
      subject: requireSubject(input.subject),
    })
    .returning({ id: conversations.id });
  if (!conversation) throw new Error("insert returned no conversation");
  const base = { workspaceId, conversationId: conversation.id, kind, onItem, lastMessageAt: now };
  await tx
    .insert(participants)
    .values([
      ...input.userIds.map((userId) => ({ ...base, userId })),
      ...input.customerIds.map((customerId) => ({ ...base, customerId })),
    ]);
  return conversation.id;
}

/**
 * A team member starts an internal conversation with other team members, with its first message
 * and an optional subject. Retrying with the same clientMessageId returns the conversation the
 * first attempt created.
 */
export function startInternalConversation(
  db: Db,
  input: FirstMessage & Subject & { actor: TeamActor; participantIds: string[] },
): Promise<PostedMessage> {
  const { actor } = input;
  return postFirstMessage(db, input, async (tx, now) => {
    const others = [...new Set(input.participantIds)].filter((id) => id !== actor.userId);
    if (others.length === 0)
      throw new DomainError("no_participants", "Choose at least one teammate to write to.");
    requireRoomFor(others.length + 1);
    const members = await requireTeamMembers(tx, actor, others);
    return startThread(tx, {
      workspaceId: actor.workspaceId,
      kind: "internal",
      createdByUserId: actor.userId,
      userIds: [actor.userId, ...members.map((member) => member.id)],
      customerIds: [],
      subject: input.subject,
      now,
    });
  });
}

/**
 * A team member starts a conversation with one or more customers, and any teammates who should
 * follow it, with its first (public) message and an optional subject, which the customers see too.
 * Addresses not yet known become new customers.
 */
export function startCustomerConversation(
  db: Db,
  input: FirstMessage &
    Subject & {
      actor: TeamActor;
      customerIds: string[];
      newCustomerEmails?: string[];
      userIds: string[];
    },
): Promise<PostedMessage> {
  const { actor } = input;
  return postFirstMessage(db, input, async (tx, now) => {
    const newEmails = input.newCustomerEmails ?? [];
    if (input.customerIds.length + newEmails.length === 0)
      throw new DomainError("no_customers", "Add at least one customer to write to.");
    const teammates = [...new Set(input.userIds)].filter((id) => id !== actor.userId);
    requireRoomFor(1 + teammates.length + new Set(input.customerIds).size + newEmails.length);
    const members = await requireTeamMembers(tx, actor, teammates);
    const known = await requireCustomers(tx, actor.workspaceId, input.customerIds);
    const created = await findOrCreateCustomers(tx, actor.workspaceId, newEmails);
    // A refusal rolls back the customers just created with the rest: it changes nothing.
    await requireRoomToEmail(tx, {
      workspaceId: actor.workspaceId,
      emails: [...known, ...created].flatMap((customer) => (customer.email ? [customer.email] : [])),
      now,
    });
    return startThread(tx, {
      workspaceId: actor.workspaceId,
      kind: "customer",
      createdByUserId: actor.userId,
      userIds: [actor.userId, ...members.map((member) => member.id)],
      customerIds: [...new Set([...known, ...created].map((customer) => customer.id))],
      subject: input.subject,
      now,
    });
  });
}

/**
 * A customer starts a conversation from the chat page. The workspace's customer-facing team
 * members take part (its admins, if nobody is customer-facing), so it shows at once in their
 * Open Conversations and notifies them through the usual channels.
 */
export async function startConversationAsCustomer(
  db: Db,
  input: FirstMessage & { actor: CustomerActor },
): Promise<PostedMessage> {
  const { actor } = input;
  if (actor.onlyConversationId)
    throw new DomainError("sign_in_required", "Sign in with your email address to start a new conversation.");
  return postFirstMessage(db, input, (tx, now) => startCustomerThread(tx, actor, now));
}

/**
 * The thread a customer (or a visitor) starts, inside the transaction that posts its first
 * message: after the retry lookup, so a retried start returns its conversation and counts nothing.
 */
export async function startCustomerThread(tx: Db, actor: CustomerActor, now: Date) {
  // First, before the new thread names them: a merge of this customer waits for it, or it for the merge.
  await requireNotBlocked(tx, actor);
  await hitRateLimit(tx, CUSTOMER_CONVERSATIONS_PER_HOUR, rateSubjectOf(actor), now);
  // A new visitor costs nothing to make, so their network is counted too.
  if (actor.email === null && actor.clientAddress)
    await hitRateLimit(tx, VISITOR_CONVERSATIONS_PER_CLIENT, actor.clientAddress, now);
  const team = await tx
    .select({ id: users.id, customerFacing: users.customerFacing, role: users.role })
    .from(users)
    .where(and(eq(users.workspaceId, actor.workspaceId), isNull(users.deactivatedAt)));
  const facing = team.filter((member) => member.customerFacing);
  const followers = facing.length > 0 ? facing : team.filter(isAdmin);
  return startThread(tx, {
    workspaceId: actor.workspaceId,
    kind: "customer",
    userIds: followers.map((member) => member.id),
    customerIds: [actor.customerId],
    now,
  });
}

/**
 * Customers are emailed the first message at once unless they are on the chat page, so a
 * conversation with more new addresses than the workspace's hourly quota has room for is refused
 * up front, with the wait, rather than started with emails that wait (lib/email/new-address-quota.ts).
 * Not when the workspace does not email customers at all.
 */
async function requireRoomToEmail(tx: Db, input: { workspaceId: string; emails: string[]; now: Date }) {
  const [workspace] = await tx
    .select({ emailsCustomers: workspaces.customerEmailEnabled })
    .from(workspaces)
    .where(eq(workspaces.id, input.workspaceId));
  if (workspace?.emailsCustomers) await requireRoomForNewAddresses(tx, input);
}
