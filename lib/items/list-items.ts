import "server-only";
import { and, desc, eq, ilike, lt, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db/client";
import { customers, items, participants, users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { likePattern } from "@/lib/people/search-pattern";
import { ITEM_KINDS, ITEM_STATUSES, type ItemKind, type ItemStatus } from "./item-fields";

/** /items's query string: its filters and the page. Anything unreadable is dropped, not an error. */
export const itemsParams = z.object({
  kind: z.enum(ITEM_KINDS).optional().catch(undefined),
  status: z.enum(ITEM_STATUSES).optional().catch(undefined),
  mine: z.literal("assigned").or(z.literal("followed")).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
  // The number of the last item on the previous page.
  before: z.coerce.number().int().min(1).max(2_147_483_647).optional().catch(undefined),
});
export type ItemsFilter = z.output<typeof itemsParams>;

export type ItemRow = {
  id: string;
  number: number;
  kind: ItemKind;
  status: ItemStatus;
  title: string;
  assigneeName: string | null;
  requesterName: string | null;
  createdAt: Date;
  updatedAt: Date;
  following: boolean;
  unread: boolean;
};

const assignees = alias(users, "assignee");

/**
 * One page of the workspace's items, newest first, keyset-paged on the item number: each page is
 * one backward range scan of `items_workspace_number_idx` (or the kind, status or assignee index
 * when filtered by it), however many items there are. The search matches a title, or a number
 * typed as "123" or "#123".
 */
export async function listItems(
  db: Db,
  { actor, filter, limit = 50 }: { actor: TeamActor; filter: ItemsFilter; limit?: number },
): Promise<{ rows: ItemRow[]; nextBefore: number | null }> {
  const query = filter.q?.trim() ?? "";
  const number = /^#?\d{1,9}$/.test(query) ? Number(query.replace("#", "")) : null;
  const page = await db
    .select({
      id: items.id,
      number: items.number,
      kind: items.kind,
      status: items.status,
      title: items.title,
      assigneeName: assignees.name,
      requesterName: customers.name,
      createdAt: items.createdAt,
      updatedAt: items.updatedAt,
      following: sql<boolean>`${participants.id} is not null`,
      unread: sql<boolean>`coalesce(${participants.latestSeq} > ${participants.lastReadSeq}, false)`,
    })
    .from(items)
    .leftJoin(assignees, eq(assignees.id, items.assigneeUserId))
    .leftJoin(customers, eq(customers.id, items.requesterCustomerId))
    .leftJoin(
      participants,
      and(eq(participants.conversationId, items.conversationId), eq(participants.userId, actor.userId)),
    )
    .where(
      and(
        eq(items.workspaceId, actor.workspaceId),
        filter.kind ? eq(items.kind, filter.kind) : undefined,
        filter.status ? eq(items.status, filter.status) : undefined,
        filter.mine === "assigned" ? eq(items.assigneeUserId, actor.userId) : undefined,
        filter.mine === "followed" ? sql`${participants.id} is not null` : undefined,
        query
          ? or(ilike(items.title, likePattern(query)), number === null ? undefined : eq(items.number, number))
          : undefined,
        filter.before ? lt(items.number, filter.before) : undefined,
      ),
    )
    .orderBy(desc(items.number))
    .limit(limit + 1);
  const rows = page.slice(0, limit);
  return { rows, nextBefore: page.length > limit ? (rows.at(-1)?.number ?? null) : null };
}
