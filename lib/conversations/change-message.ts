import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  deliveries,
  type Message,
  messageEdits,
  messages,
  participants,
  users,
  workspaces,
} from "@/db/schema";
import { removeAttachmentsOf } from "@/lib/attachments/claim";
import type { TeamActor } from "@/lib/auth/actor";
import { isAdmin, requireAdmin } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/domain-error";
import { moveMentions } from "@/lib/mentions/mentions";
import { dropFromUnsentEmails } from "@/lib/notifications/drop-from-unsent-emails";
import type { Links } from "@/lib/notifications/email-sweep";
import { chatChannel, conversationChannel, customerChannel, userChannel } from "@/lib/realtime/channels";
import type { ChangeNotice, RealtimeEvent } from "@/lib/realtime/events";
import { publish } from "@/lib/realtime/publish";
import { formatDuration } from "@/lib/settings/durations";
import { isUuid } from "@/lib/uuid";
import { requireNotBlocked, requireViewAccess, type Viewer } from "./access";
import { customerMaySee } from "./customer-visibility";
import { requireBody } from "./message-body";

/**
 * Editing and deleting a message. The author may do either within the workspace's edit window
 * (15 minutes by default); an admin may delete any team member's message at any time. Neither tells
 * anyone anything new: an edit plans no delivery, and a delete cancels the deliveries still to go and
 * drops the message from emails not yet handed to the provider. Open views are told to fetch it
 * again (`message.changed`).
 */
export async function editMessage(
  db: Db,
  {
    actor,
    messageId,
    body,
    now = new Date(),
  }: { actor: Viewer; messageId: string; body: string; now?: Date },
) {
  const text = requireBody(body);
  const { message, events } = await db.transaction(async (tx) => {
    const { message, recipients } = await requireChangeable(tx, { actor, messageId, now, change: "edit" });
    // A blocked customer's words are refused, edits included (deleting their own stays possible).
    if (actor.kind === "customer") await requireNotBlocked(tx, actor);
    if (message.body === text) return { message, events: [] };
    await tx
      .insert(messageEdits)
      .values({ workspaceId: message.workspaceId, messageId, previousBody: message.body, editedAt: now });
    const [edited] = await tx
      .update(messages)
      .set({ body: text, editedAt: now })
      .where(eq(messages.id, messageId))
      .returning();
    await moveMentions(tx, { messageId, before: message.body, after: text });
    return { message: edited as Message, events: changeEvents(edited as Message, recipients) };
  });
  await publish(events);
  return { messageId: message.id, conversationId: message.conversationId };
}

export async function deleteMessage(
  db: Db,
  {
    actor,
    messageId,
    now = new Date(),
    links,
  }: {
    actor: Viewer;
    messageId: string;
    now?: Date;
    /** Where the emails it drops out of link to (the app's own address unless a test says). */
    links?: Partial<Links>;
  },
) {
  const { message, events } = await db.transaction(async (tx) => {
    const { recipients } = await requireChangeable(tx, { actor, messageId, now, change: "delete" });
    const [deleted] = await tx
      .update(messages)
      .set({ body: "", deletedAt: now })
      .where(eq(messages.id, messageId))
      .returning();
    // Its text goes with every earlier version of it, and its files stop being served at once.
    await tx.delete(messageEdits).where(eq(messageEdits.messageId, messageId));
    await removeAttachmentsOf(tx, { messageId, now });
    await tx
      .update(deliveries)
      .set({ status: "cancelled", lastError: "message deleted" })
      .where(and(eq(deliveries.messageId, messageId), eq(deliveries.status, "pending")));
    await dropFromUnsentEmails(tx, { messageId, links });
    return { message: deleted as Message, events: changeEvents(deleted as Message, recipients) };
  });
  await publish(events);
  return { messageId: message.id, conversationId: message.conversationId };
}

/** An edited message's earlier bodies, newest first: for admins only, who may see its thread. */
export async function listMessageEdits(
  db: Db,
  { actor, messageId }: { actor: TeamActor; messageId: string },
) {
  requireAdmin(actor, "Only admins can see what a message said before it was edited.");
  const message = await findMessage(db, { actor, messageId });
  return db
    .select({ previousBody: messageEdits.previousBody, editedAt: messageEdits.editedAt })
    .from(messageEdits)
    .where(eq(messageEdits.messageId, message.id))
    .orderBy(desc(messageEdits.editedAt));
}

type Change = "edit" | "delete";

/**
 * The message, locked, if this person may change it now. Someone who may not see it is told it does
 * not exist, the same as for a made-up id; someone who sees it but may not change it is told why.
 * Also who must hear of the change: everyone taking part in its thread.
 */
async function requireChangeable(
  tx: Db,
  { actor, messageId, now, change }: { actor: Viewer; messageId: string; now: Date; change: Change },
) {
  const message = await findMessage(tx, { actor, messageId, lock: true });
  if (message.deletedAt) throw new DomainError("message_deleted", "This message was already deleted.");
  const own =
    actor.kind === "customer"
      ? message.authorCustomerId === actor.customerId
      : message.authorKind === "user" && message.authorUserId === actor.userId;
  const adminRemoving =
    change === "delete" && actor.kind === "user" && isAdmin(actor) && message.authorKind === "user";
  if (!own && !adminRemoving)
    throw new DomainError(
      "not_your_message",
      change === "edit" ? "You can only edit your own messages." : "You can only delete your own messages.",
    );
  if (!adminRemoving) {
    const [workspace] = await tx
      .select({ windowSeconds: workspaces.messageEditWindowSeconds })
      .from(workspaces)
      .where(eq(workspaces.id, message.workspaceId));
    const windowSeconds = workspace?.windowSeconds ?? 0;
    if (now.getTime() - message.createdAt.getTime() > windowSeconds * 1000)
      throw new DomainError("edit_window_closed", editWindowClosed(change, windowSeconds));
  }
  // As for a new message: no deactivated member's channel.
  const recipients = await tx
    .select({ userId: participants.userId, customerId: participants.customerId })
    .from(participants)
    .leftJoin(users, eq(users.id, participants.userId))
    .where(and(eq(participants.conversationId, message.conversationId), isNull(users.deactivatedAt)));
  return { message, recipients };
}

/** A message of a thread the person may see, as their side may see it (a customer: a public one). */
export async function findMessage(
  db: Db,
  { actor, messageId, lock = false }: { actor: Viewer; messageId: string; lock?: boolean },
) {
  const notFound = new DomainError("message_not_found", "This message does not exist, or you cannot see it.");
  if (!isUuid(messageId)) throw notFound;
  const query = db
    .select()
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.workspaceId, actor.workspaceId)));
  const [message] = lock ? await query.for("update") : await query;
  if (!message || (actor.kind === "customer" && !customerMaySee(message))) throw notFound;
  // The thread's own rule for this side; its error would say "conversation", so say "message".
  await requireViewAccess(db, actor, message.conversationId).catch((error) => {
    throw error instanceof DomainError ? notFound : error;
  });
  return message;
}

function editWindowClosed(change: Change, windowSeconds: number) {
  const verb = change === "edit" ? "edited" : "deleted";
  if (windowSeconds === 0) return `Messages can't be ${verb} in this workspace once sent.`;
  return `A message can only be ${verb} within ${formatDuration(windowSeconds)} of sending it.`;
}

/**
 * Everyone who may have the message open hears of the change: the team on the thread's channel and
 * each member's own channel (their lists show previews), and, if a customer may see the message,
 * each customer taking part on their chat and own channels. An internal message's change never
 * reaches a customer.
 */
function changeEvents(
  message: Message,
  recipients: { userId: string | null; customerId: string | null }[],
): RealtimeEvent[] {
  const data: ChangeNotice = {
    conversationId: message.conversationId,
    messageId: message.id,
    seq: message.seq,
  };
  const event = (channel: string): RealtimeEvent => ({ channel, name: "message.changed", data });
  return [
    event(conversationChannel(message.conversationId)),
    ...recipients.flatMap(({ userId, customerId }) => {
      if (userId) return [event(userChannel(userId))];
      if (customerId && customerMaySee(message))
        return [event(chatChannel(message.conversationId, customerId)), event(customerChannel(customerId))];
      return [];
    }),
  ];
}
