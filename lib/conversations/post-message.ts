import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Conversation, conversations, type Message, participants } from "@/db/schema";
import { claimAttachments } from "@/lib/attachments/claim";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { configuredLimit } from "@/lib/env";
import type { MentionRange } from "@/lib/mentions/mention-text";
import {
  type Mentioned,
  requireMentionable,
  requirePlacedMentions,
  saveMentions,
} from "@/lib/mentions/mentions";
import { planDeliveries } from "@/lib/notifications/plan-deliveries";
import { nudgePushSweep } from "@/lib/notifications/push-nudge";
import { hitRateLimit, type RateLimit, rateSubjectOf } from "@/lib/rate-limit";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { publish } from "@/lib/realtime/publish";
import { requireCustomerAccess, requireNotBlocked, requireTeamAccess } from "./access";
import { type Author, appendMessage, type Visibility } from "./append-message";
import { findRetriedSend, type Sender, withRetriedSend } from "./find-retried-send";
import { addedLine } from "./join-names";
import { requireBody } from "./message-body";
import { requireRoomFor } from "./room";

/**
 * Messages per person (team member or customer) per minute: 30 unless MESSAGES_PER_MINUTE says
 * otherwise. Someone chatting fast sends one every few seconds, and a burst of short replies ("ok",
 * "thanks", "one moment") stays well under 30; a script sending in a loop reaches it in a second.
 * System lines record what people did and are not counted.
 */
export const messagesPerMinute = (): RateLimit => ({
  name: "messages",
  max: configuredLimit("MESSAGES_PER_MINUTE"),
  windowSeconds: 60,
  message: "You are sending messages faster than anyone can read them.",
});

/**
 * Messages from visitors (customers with no confirmed address) on one network, per minute: a
 * visitor costs nothing to make, so the per-person limit alone would not hold a script back.
 * Twice the per-person default, for an office or a café where several people chat at once.
 */
export const VISITOR_MESSAGES_PER_CLIENT: RateLimit = {
  name: "visitor-messages-client",
  max: 60,
  windowSeconds: 60,
  message: "Many messages are being sent from your network.",
};

/** A system line records what a team member did ("Alice Admin added Carol Chen"). */
export type SystemActor = { kind: "system"; causedBy: TeamActor };

/** Whoever posts: a team member, a customer, or the system on a team member's behalf. */
export type Poster = TeamActor | CustomerActor | SystemActor;

/** What every way of posting answers. */
export type PostedMessage = { conversationId: string; messageId: string; seq: number };

export type PostInput = {
  actor: Poster;
  body: string;
  /** Chosen by the sender's client for each send, so that a retry is stored once (not for system lines). */
  clientMessageId?: string;
  /** A team member's internal message in a customer thread; anything else is public. */
  visibility?: Visibility;
  /** The poster's own completed uploads in this thread (lib/attachments/uploads.ts), sent with it. */
  attachmentIds?: string[];
  /** Teammates a team member picked with @, each named "@Name" in the body (lib/mentions/). */
  mentionIds?: string[];
  now?: Date;
} & (
  | { conversationId: string }
  /** A new thread, started in the same transaction: it never exists without its first message. */
  | { startThread: (tx: Db) => Promise<string> }
);

/**
 * The one way to post a message to a thread, for any author and from any entry point. It
 * validates the body, finds a retried send, checks access for the author's side, appends, plans
 * every delivery, commits, and only then publishes. A retry (the same client message id) answers
 * with the message the first attempt stored, and tells nobody again.
 */
export async function postMessage(db: Db, input: PostInput): Promise<PostedMessage> {
  const sender = senderOf(input.actor);
  const attempt = () => db.transaction((tx) => postInTransaction(tx, input));
  const { posted, events } =
    sender && input.clientMessageId
      ? await withRetriedSend(db, { sender, clientMessageId: input.clientMessageId }, attempt, (winner) => ({
          posted: retriedPost(winner, input),
          events: [],
        }))
      : await attempt();
  await announce(events);
  return posted;
}

/** After a message commits: its live events, and the push sweep (which may have pushes due now). */
export async function announce(events: RealtimeEvent[]) {
  await publish(events);
  if (events.length > 0) nudgePushSweep();
}

/**
 * The same steps inside the caller's transaction, for a system line that records a change made in
 * it (so the two commit together). The caller publishes the events once it has committed.
 */
export async function postInTransaction(
  tx: Db,
  input: PostInput,
): Promise<{ posted: PostedMessage; events: RealtimeEvent[] }> {
  const { actor } = input;
  const attachmentIds = actor.kind === "system" ? [] : (input.attachmentIds ?? []);
  const body = requireBody(input.body, { withFiles: attachmentIds.length > 0 });
  const sender = senderOf(actor);
  if (sender && input.clientMessageId) {
    const retried = await findRetriedSend(tx, { sender, clientMessageId: input.clientMessageId });
    // A retry was announced when it was first stored.
    if (retried) return { posted: retriedPost(retried, input), events: [] };
  }
  const now = input.now ?? new Date();
  // After the retry lookup, so that a retry of a stored send is never refused. In the transaction:
  // a send that fails (or is refused) is not counted, and every stored message is.
  if (actor.kind !== "system") await hitRateLimit(tx, messagesPerMinute(), rateSubjectOf(actor), now);
  if (actor.kind === "customer" && actor.email === null && actor.clientAddress)
    await hitRateLimit(tx, VISITOR_MESSAGES_PER_CLIENT, actor.clientAddress, now);
  const conversationId = "startThread" in input ? await input.startThread(tx) : input.conversationId;
  const { author, visibility, conversation } = await requirePostAccess(
    tx,
    { actor, conversationId, now },
    input.visibility,
  );
  const { text, mentions, joined } = await resolveMentions(tx, { actor, conversation, body, input, now });
  const message = await appendMessage(tx, {
    conversationId,
    workspaceId: actor.kind === "system" ? actor.causedBy.workspaceId : actor.workspaceId,
    author,
    body: text,
    visibility,
    clientMessageId: input.clientMessageId,
    now,
  });
  await saveMentions(tx, message, mentions);
  // In this transaction: a file that cannot be attached stores no message at all.
  const fileNames =
    actor.kind === "system"
      ? []
      : await claimAttachments(tx, { attachmentIds, messageId: message.id, conversationId, actor });
  const events = [...joined, ...(await planDeliveries(tx, message, author.name, fileNames))];
  return { posted: postedOf(message), events };
}

/**
 * May this poster write in this thread? Each side has its own rule (lib/conversations/access.ts).
 * The thread stays locked to the end of the transaction, so a close and a reply cannot cross.
 * A customer-facing member who was not taking part joins by writing; a customer's reply reopens a
 * closed conversation. Only a team member in a customer thread may write an internal message.
 */
async function requirePostAccess(
  tx: Db,
  { actor, conversationId, now }: { actor: Poster; conversationId: string; now: Date },
  visibility: Visibility | undefined,
): Promise<{ author: Author; visibility: Visibility; conversation: Conversation }> {
  if (actor.kind === "customer") {
    const { conversation } = await requireCustomerAccess(tx, actor, conversationId, { lock: true });
    await requireNotBlocked(tx, actor);
    if (conversation.status === "closed")
      await tx.update(conversations).set({ status: "open" }).where(eq(conversations.id, conversation.id));
    return {
      author: { kind: "customer", customerId: actor.customerId, name: actor.name },
      visibility: "public",
      conversation,
    };
  }
  const member = actor.kind === "system" ? actor.causedBy : actor;
  const { conversation, participant } = await requireTeamAccess(tx, member, conversationId, { lock: true });
  if (actor.kind === "system")
    return {
      author: { kind: "system", userId: member.userId, name: member.name },
      visibility: "public",
      conversation,
    };
  if (!participant) {
    // Two first messages at once (two tabs) both join; the second join is a no-op.
    await tx
      .insert(participants)
      .values({
        workspaceId: member.workspaceId,
        conversationId,
        kind: conversation.kind,
        // On an item's thread, writing makes them a follower.
        onItem: conversation.onItem,
        userId: member.userId,
        lastMessageAt: now,
      })
      .onConflictDoNothing();
  }
  return {
    author: { kind: "user", userId: member.userId, name: member.name },
    // An internal conversation is the team's alone already: a note there is an ordinary message.
    visibility: conversation.kind === "customer" ? (visibility ?? "public") : "public",
    conversation,
  };
}

/**
 * A team member's mentions (DELIVERY-RULES, Mention): checked, placed in the text (which loses the
 * @ of each, so a customer reads the plain name), and whoever is mentioned but not yet taking part
 * joins first, with the usual system line (on an item, as a follower), so the message reaches them.
 */
async function resolveMentions(
  tx: Db,
  {
    actor,
    conversation,
    body,
    input,
    now,
  }: { actor: Poster; conversation: Conversation; body: string; input: PostInput; now: Date },
): Promise<{ text: string; mentions: MentionRange[]; joined: RealtimeEvent[] }> {
  const ids = input.mentionIds ?? [];
  if (ids.length === 0) return { text: body, mentions: [], joined: [] };
  if (actor.kind !== "user")
    throw new DomainError("invalid_mention", "Only team members can mention someone.");
  const people = await requireMentionable(tx, { actor, conversation, userIds: ids });
  const placed = requirePlacedMentions(body, people);
  const newcomers = people.filter((person) => !person.takingPart && person.id !== actor.userId);
  return {
    text: placed.body,
    mentions: placed.mentions,
    joined: await addMentioned(tx, actor, conversation, newcomers, now),
  };
}

async function addMentioned(
  tx: Db,
  actor: TeamActor,
  conversation: Conversation,
  people: Mentioned[],
  now: Date,
): Promise<RealtimeEvent[]> {
  if (people.length === 0) return [];
  await tx
    .insert(participants)
    .values(
      people.map((person) => ({
        workspaceId: actor.workspaceId,
        conversationId: conversation.id,
        kind: conversation.kind,
        onItem: conversation.onItem,
        userId: person.id,
        // As Add people does: in their lists at once, with the history before them unread.
        hasReceived: true,
        lastMessageAt: now,
      })),
    )
    .onConflictDoNothing();
  if (!conversation.onItem)
    requireRoomFor(await tx.$count(participants, eq(participants.conversationId, conversation.id)));
  const { events } = await postInTransaction(tx, {
    actor: { kind: "system", causedBy: actor },
    conversationId: conversation.id,
    body: addedLine(
      actor.name,
      people.map((person) => person.name),
      { asFollowers: conversation.onItem },
    ),
    now,
  });
  return events;
}

function senderOf(actor: Poster): Sender | null {
  if (actor.kind === "user") return { userId: actor.userId };
  if (actor.kind === "customer") return { customerId: actor.customerId };
  return null;
}

const postedOf = (message: Message): PostedMessage => ({
  conversationId: message.conversationId,
  messageId: message.id,
  seq: message.seq,
});

/** A client message id names one send; the same id in another thread is a client bug, not a retry. */
function retriedPost(message: Message, input: PostInput): PostedMessage {
  if ("conversationId" in input && message.conversationId !== input.conversationId)
    throw new DomainError(
      "client_message_id_reused",
      "This message was already sent in another conversation.",
    );
  return postedOf(message);
}
