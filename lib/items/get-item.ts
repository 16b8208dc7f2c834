import "server-only";
import { eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { customers, items, users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { orNull } from "@/lib/conversations/access";
import { readMessages } from "@/lib/conversations/list-messages";
import { listFollowers } from "./followers";
import { requireItem } from "./item-access";

const creators = alias(users, "creator");
const assignees = alias(users, "assignee");

/**
 * An item as a team member sees it on its page: its fields with the names behind them, its
 * followers, and its thread's newest messages. Null for anyone who may not see it (a 404).
 */
export async function getItem(db: Db, { actor, number }: { actor: TeamActor; number: number }) {
  const access = await orNull(requireItem(db, actor, { number }));
  if (!access) return null;
  const { item, conversation, follower } = access;
  const [[names], followers, page] = await Promise.all([
    db
      .select({ creator: creators.name, assignee: assignees.name, requester: customers.name })
      .from(items)
      .innerJoin(creators, eq(creators.id, items.createdByUserId))
      .leftJoin(assignees, eq(assignees.id, items.assigneeUserId))
      .leftJoin(customers, eq(customers.id, items.requesterCustomerId))
      .where(eq(items.id, item.id)),
    listFollowers(db, { conversationId: conversation.id }),
    readMessages(db, actor, { conversationId: conversation.id }),
  ]);
  return {
    item: {
      ...item,
      creatorName: names?.creator ?? "Someone",
      assigneeName: names?.assignee ?? null,
      requesterName: names?.requester ?? null,
    },
    conversationId: conversation.id,
    following: follower !== null,
    muted: follower?.muted ?? false,
    // Someone who does not follow has no read position and nothing unread.
    lastReadSeq: follower?.lastReadSeq ?? conversation.lastMessageSeq,
    followers,
    ...page,
  };
}
export type ItemPage = NonNullable<Awaited<ReturnType<typeof getItem>>>;
