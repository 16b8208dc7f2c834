import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Conversation, type Message, messageMentions, participants, users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { requireTeamAccess, teamMaySee } from "@/lib/conversations/access";
import { DomainError } from "@/lib/domain-error";
import { groupBy } from "@/lib/group-by";
import { searchTeamMembers, type TeamMemberOption } from "@/lib/people/team-members";
import { isUuid } from "@/lib/uuid";
import { type MentionRange, placeMentions, relocateMentions } from "./mention-text";

/** At most this many people mentioned in one message: more is a broadcast, which Add people does. */
export const MAX_MENTIONS = 20;

/** A teammate the message mentions, as planning needs them: whether they take part in the thread yet. */
export type Mentioned = { id: string; name: string; takingPart: boolean };

/**
 * The teammates a team member picked with @, checked in the post's transaction: each an active
 * member of the workspace who may see the thread by the team's rule (they take part, it is an
 * item's thread, or a customer conversation and they are customer-facing). A mention never opens a
 * thread to someone who may not see it: in an internal conversation, Add people does that.
 */
export async function requireMentionable(
  tx: Db,
  { actor, conversation, userIds }: { actor: TeamActor; conversation: Conversation; userIds: string[] },
): Promise<Mentioned[]> {
  const wanted = [...new Set(userIds)];
  if (wanted.length === 0) return [];
  if (wanted.length > MAX_MENTIONS)
    throw new DomainError("invalid_mention", `A message can mention at most ${MAX_MENTIONS} people.`);
  if (!wanted.every(isUuid)) throw notMentionable();
  const takingPart = participantOf(conversation);
  const found = await tx
    .select({
      id: users.id,
      name: users.name,
      takingPart: sql<boolean>`${takingPart} is not null`,
      maySee: userMaySee(conversation, takingPart).mapWith(Boolean),
    })
    .from(users)
    .where(
      and(inArray(users.id, wanted), eq(users.workspaceId, actor.workspaceId), isNull(users.deactivatedAt)),
    );
  if (found.length !== wanted.length) throw notMentionable();
  const hidden = found.find((person) => !person.maySee);
  if (hidden)
    throw new DomainError(
      "mention_cannot_see",
      `${hidden.name} cannot see this conversation. Add them to it first, then mention them.`,
    );
  return found.map(({ id, name, takingPart }) => ({ id, name, takingPart }));
}

/** The `users` row's place in the thread, if they take part. */
const participantOf = (conversation: Conversation) =>
  sql`(select ${participants.id} from ${participants}
    where ${participants.conversationId} = ${conversation.id} and ${participants.userId} = ${users.id})`;

/** Whether the `users` row may see the thread, by the team's rule (lib/conversations/access.ts). */
const userMaySee = (conversation: Conversation, participantId = participantOf(conversation)) =>
  teamMaySee({
    participantId,
    onItem: sql`${conversation.onItem}`,
    kind: sql`${conversation.kind}`,
    customerFacing: users.customerFacing,
  });

/**
 * Teammates matching part of a name or email whom a message in this thread may mention: active,
 * not the actor, and able to see it. What the `@` in a thread's Message box lists.
 */
export async function searchMentionable(
  db: Db,
  { actor, conversationId, query }: { actor: TeamActor; conversationId: string; query: string },
): Promise<TeamMemberOption[]> {
  const { conversation } = await requireTeamAccess(db, actor, conversationId);
  return searchTeamMembers(db, { actor, query, also: userMaySee(conversation) });
}

const notMentionable = () =>
  new DomainError("invalid_mention", "You can mention only active members of your team.");

/**
 * The body to store and where each mention stands in it, from the body as typed: every person
 * picked must still be named with @ in it, or the send is refused rather than half a mention kept.
 */
export function requirePlacedMentions(typed: string, people: Mentioned[]) {
  const placed = placeMentions(typed, people);
  if (!placed)
    throw new DomainError(
      "invalid_mention",
      "A mention was removed from the text. Pick the person again with @, or remove the mention.",
    );
  return placed;
}

/** Stores a new message's mentions, in its transaction (before its deliveries are planned). */
export async function saveMentions(tx: Db, message: Message, mentions: MentionRange[]) {
  if (mentions.length === 0) return;
  await tx.insert(messageMentions).values(
    mentions.map((mention) => ({
      messageId: message.id,
      userId: mention.userId,
      workspaceId: message.workspaceId,
      conversationId: message.conversationId,
      start: mention.start,
      length: mention.length,
      createdAt: message.createdAt,
    })),
  );
}

/** After an edit: each mention moves with its name, or goes with it (lib/mentions/mention-text.ts). */
export async function moveMentions(
  tx: Db,
  { messageId, before, after }: { messageId: string; before: string; after: string },
) {
  const current = await tx
    .select({ userId: messageMentions.userId, start: messageMentions.start, length: messageMentions.length })
    .from(messageMentions)
    .where(eq(messageMentions.messageId, messageId));
  if (current.length === 0) return;
  const kept = relocateMentions(before, after, current);
  for (const mention of current) {
    const moved = kept.find((k) => k.userId === mention.userId);
    const where = and(eq(messageMentions.messageId, messageId), eq(messageMentions.userId, mention.userId));
    if (!moved) await tx.delete(messageMentions).where(where);
    else if (moved.start !== mention.start)
      await tx.update(messageMentions).set({ start: moved.start }).where(where);
  }
}

/** Each message's mentions, for the team's screens. */
export async function mentionsOfMessages(db: Db, messageIds: string[]): Promise<Map<string, MentionRange[]>> {
  if (messageIds.length === 0) return new Map();
  const rows = await db
    .select({
      messageId: messageMentions.messageId,
      userId: messageMentions.userId,
      start: messageMentions.start,
      length: messageMentions.length,
    })
    .from(messageMentions)
    .where(inArray(messageMentions.messageId, messageIds));
  return groupBy(
    rows,
    (row) => row.messageId,
    ({ messageId: _, ...mention }) => mention,
  );
}
