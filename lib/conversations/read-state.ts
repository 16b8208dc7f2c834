import { and, count, eq, gt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { participants } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { userChannel } from "@/lib/realtime/channels";
import { publish } from "@/lib/realtime/publish";
import { isUuid } from "@/lib/uuid";
import { conversationNotFound, type Viewer } from "./access";

// Sequence numbers are Postgres integers; anything larger simply means "the newest message".
export const MAX_SEQ = 2_147_483_647;

/** A participant's new read position: up to `seq`, never backwards, never past their newest message. */
export const readUpTo = (seq: number) =>
  sql`greatest(${participants.lastReadSeq}, least(${Math.min(seq, MAX_SEQ)}, ${participants.latestSeq}))`;

/**
 * Moves the viewer's read position in a thread up to `seq` (never backwards, never past the
 * newest message they may see). Returns the position now stored. A team member's other tabs are
 * told, so they clear the bubble and the count. A customer on a session from an email's link may
 * mark that conversation only.
 */
export async function markRead(
  db: Db,
  { viewer, conversationId, seq }: { viewer: Viewer; conversationId: string; seq: number },
): Promise<{ lastReadSeq: number }> {
  if (!isUuid(conversationId)) throw conversationNotFound();
  const reader =
    viewer.kind === "customer"
      ? eq(participants.customerId, viewer.customerId)
      : eq(participants.userId, viewer.userId);
  if (viewer.kind === "customer" && viewer.onlyConversationId && viewer.onlyConversationId !== conversationId)
    throw conversationNotFound();
  const [row] = await db
    .update(participants)
    .set({ lastReadSeq: readUpTo(seq) })
    .where(
      and(
        eq(participants.conversationId, conversationId),
        reader,
        eq(participants.workspaceId, viewer.workspaceId),
      ),
    )
    .returning({ lastReadSeq: participants.lastReadSeq });
  if (!row) throw conversationNotFound();
  if (viewer.kind === "user")
    await tellOtherTabs(db, viewer, { conversationId, lastReadSeq: row.lastReadSeq });
  return row;
}

/**
 * After the team member's read position or their list changed (a read, a follow, an unfollow):
 * their other tabs drop the thread's bubble and refresh their badge and lists.
 */
export async function tellOtherTabs(
  db: Db,
  actor: TeamActor,
  { conversationId, lastReadSeq }: { conversationId: string; lastReadSeq: number },
) {
  const unreadCount = await countUnreadConversations(db, { actor });
  await publish([
    {
      channel: userChannel(actor.userId),
      name: "conversation.read",
      data: { conversationId, lastReadSeq, unreadCount },
    },
  ]);
}

/** How many of the actor's conversations have a message they have not read: the Messenger badge. */
export async function countUnreadConversations(db: Db, { actor }: { actor: TeamActor }): Promise<number> {
  const [row] = await db
    .select({ unread: count() })
    .from(participants)
    .where(
      and(
        eq(participants.userId, actor.userId),
        eq(participants.workspaceId, actor.workspaceId),
        gt(participants.latestSeq, participants.lastReadSeq),
      ),
    );
  return row?.unread ?? 0;
}
