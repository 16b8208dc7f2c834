import "server-only";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { conversations, customers, items, messages, participants, users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { groupBy } from "@/lib/group-by";
import { decodeCursor, encodeCursor } from "@/lib/keyset-cursor";
import { shownBody } from "./shown-body";
import { isVisitor } from "./visitor";

/**
 * The messenger's views. No conversation is in two of them, so that the views' unread counts add
 * up to the Messenger badge. Internal Inbox and Sent list internal conversations by the person's
 * own flags: Inbox those in which someone else has written to them, Sent those they wrote in that
 * nobody has answered yet (an answer moves it to the Inbox, where the answer is). Open
 * Conversations and Closed list customer conversations by status: those the person takes part in,
 * or every one in the workspace for a customer-facing member. Followed items lists the threads of
 * the tickets and tasks the person follows, which no other view lists.
 */
export const VIEWS = {
  open: { label: "Open Conversations", kind: "customer", status: "open" },
  closed: { label: "Closed", kind: "customer", status: "closed" },
  inbox: { label: "Internal Inbox", kind: "internal", flags: sql`${participants.hasReceived}` },
  sent: {
    label: "Internal Sent",
    kind: "internal",
    flags: sql`(${participants.hasSent} and not ${participants.hasReceived})`,
  },
  items: { label: "Followed items", onItem: true },
} as const;
export type ViewId = keyof typeof VIEWS;
export const viewId = z.enum(Object.keys(VIEWS) as [ViewId, ...ViewId[]]);

export type ConversationRow = {
  id: string;
  kind: "internal" | "customer";
  lastMessageAt: Date;
  unread: boolean;
  /** `visitor`: a customer with no confirmed address whom no site vouches for (lib/chat/visitors.ts). */
  people: { id: string; name: string; kind: "user" | "customer"; visitor: boolean }[];
  /** The ticket or task whose thread this is. */
  item: { number: number; title: string; kind: "ticket" | "task" } | null;
  preview: { authorName: string | null; body: string; system: boolean; internal: boolean } | null;
  /** What its starter said it is about. */
  subject: string | null;
  /**
   * Without a subject, what tells it from other conversations with the same people: the first line
   * of its first message. Only when that is not the newest message, which `preview` shows already.
   */
  opening: string | null;
};

/**
 * One page of a view, newest activity first, with keyset paging: each page is one backward range
 * scan of an index (`participants_user_view_idx`, `participants_user_items_idx` for Followed
 * items, or `conversations_customer_view_idx` for a customer-facing member's customer views),
 * however many conversations there are.
 */
export async function listConversations(
  db: Db,
  { actor, view, cursor, limit = 30 }: { actor: TeamActor; view: ViewId; cursor?: string; limit?: number },
): Promise<{ rows: ConversationRow[]; nextCursor: string | null }> {
  const after = decodeCursor(cursor);
  const spec = VIEWS[view];
  const page =
    "status" in spec && actor.customerFacing
      ? await db
          .select({
            id: conversations.id,
            kind: conversations.kind,
            lastMessageAt: conversations.lastMessageAt,
            unread: sql<boolean>`coalesce(${participants.latestSeq} > ${participants.lastReadSeq}, false)`,
            latestSeq: conversations.lastMessageSeq,
            subject: conversations.subject,
            onItem: conversations.onItem,
          })
          .from(conversations)
          .leftJoin(
            participants,
            and(eq(participants.conversationId, conversations.id), eq(participants.userId, actor.userId)),
          )
          .where(
            and(
              eq(conversations.workspaceId, actor.workspaceId),
              eq(conversations.kind, "customer"),
              eq(conversations.status, spec.status),
              notOnItem(conversations.onItem),
              after
                ? sql`(${conversations.lastMessageAt}, ${conversations.id}) < (${after.t}::timestamptz, ${after.id}::uuid)`
                : undefined,
            ),
          )
          .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
          .limit(limit + 1)
      : await db
          .select({
            id: participants.conversationId,
            kind: participants.kind,
            lastMessageAt: participants.lastMessageAt,
            unread: sql<boolean>`${participants.latestSeq} > ${participants.lastReadSeq}`,
            latestSeq: participants.latestSeq,
            // From the conversation, joined already for its status: no extra read per row.
            subject: conversations.subject,
            onItem: participants.onItem,
          })
          .from(participants)
          .innerJoin(conversations, eq(conversations.id, participants.conversationId))
          .where(
            and(
              eq(participants.userId, actor.userId),
              eq(participants.workspaceId, actor.workspaceId),
              ...("onItem" in spec
                ? [sql`${participants.onItem}`]
                : [
                    notOnItem(participants.onItem),
                    eq(participants.kind, spec.kind),
                    "flags" in spec ? spec.flags : eq(conversations.status, spec.status),
                  ]),
              after
                ? sql`(${participants.lastMessageAt}, ${participants.conversationId}) < (${after.t}::timestamptz, ${after.id}::uuid)`
                : undefined,
            ),
          )
          .orderBy(desc(participants.lastMessageAt), desc(participants.conversationId))
          .limit(limit + 1);

  const hasMore = page.length > limit;
  const shown = page.slice(0, limit);
  const details = await loadRowDetails(db, actor, shown);
  const last = shown.at(-1);
  return {
    rows: shown.map((row) => ({
      id: row.id,
      kind: row.kind,
      lastMessageAt: row.lastMessageAt,
      unread: row.unread,
      people: details.people.get(row.id) ?? [],
      item: details.items.get(row.id) ?? null,
      preview: details.previews.get(row.id) ?? null,
      subject: row.subject,
      opening: details.openings.get(row.id) ?? null,
    })),
    nextCursor: hasMore && last ? encodeCursor(last.lastMessageAt, last.id) : null,
  };
}

/**
 * The other people, the item, and the newest and (where it tells the row apart) the first message
 * of each listed conversation: three queries for the whole page.
 */
async function loadRowDetails(
  db: Db,
  actor: TeamActor,
  rows: { id: string; latestSeq: number; subject: string | null; onItem: boolean }[],
) {
  const previews = new Map<string, NonNullable<ConversationRow["preview"]>>();
  const itemOf = new Map<string, NonNullable<ConversationRow["item"]>>();
  const openings = new Map<string, string>();
  if (rows.length === 0)
    return { people: new Map<string, ConversationRow["people"]>(), previews, items: itemOf, openings };
  const ids = rows.map((row) => row.id);
  // An item's thread is named after the item, and a single message is its own preview.
  const wantOpening = new Set(
    rows.filter((row) => !row.subject && !row.onItem && row.latestSeq > 1).map((row) => row.id),
  );
  const latestSeqOf = new Map(rows.map((row) => [row.id, row.latestSeq]));

  // Customers first: in a customer conversation they are who it is with.
  const others = await db
    .select({
      conversationId: participants.conversationId,
      id: sql<string>`coalesce(${users.id}, ${customers.id})`,
      name: sql<string>`coalesce(${users.name}, ${customers.name})`,
      isCustomer: sql<boolean>`${participants.customerId} is not null`,
      visitor: isVisitor,
    })
    .from(participants)
    .leftJoin(users, eq(users.id, participants.userId))
    .leftJoin(customers, eq(customers.id, participants.customerId))
    .where(
      and(
        inArray(participants.conversationId, ids),
        sql`${participants.userId} is distinct from ${actor.userId}`,
      ),
    )
    .orderBy(sql`${participants.customerId} is null`, asc(participants.addedAt));
  const people = groupBy(
    others,
    (other) => other.conversationId,
    (other) => ({
      id: other.id,
      name: other.name,
      kind: other.isCustomer ? ("customer" as const) : ("user" as const),
      visitor: other.visitor,
    }),
  );

  const threadItems = await db
    .select({
      conversationId: items.conversationId,
      number: items.number,
      title: items.title,
      kind: items.kind,
    })
    .from(items)
    .where(inArray(items.conversationId, ids));
  for (const { conversationId, ...item } of threadItems) itemOf.set(conversationId, item);

  // The newest and first messages come in one query, off the (conversation_id, seq) index.
  const wanted = [
    ...rows.map((row) => sql`(${row.id}::uuid, ${row.latestSeq})`),
    ...[...wantOpening].map((id) => sql`(${id}::uuid, 1)`),
  ];
  const found = await db
    .select({
      conversationId: messages.conversationId,
      seq: messages.seq,
      body: shownBody,
      authorKind: messages.authorKind,
      visibility: messages.visibility,
      authorName: sql<string | null>`coalesce(${users.name}, ${customers.name})`,
    })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .leftJoin(customers, eq(customers.id, messages.authorCustomerId))
    .where(sql`(${messages.conversationId}, ${messages.seq}) in (${sql.join(wanted, sql`, `)})`);
  for (const message of found) {
    if (message.seq !== latestSeqOf.get(message.conversationId)) {
      openings.set(message.conversationId, firstLine(message.body));
      continue;
    }
    previews.set(message.conversationId, {
      authorName: message.authorName,
      body: message.body.slice(0, 200),
      system: message.authorKind === "system",
      internal: message.visibility === "internal",
    });
  }
  return { people, previews, items: itemOf, openings };
}

/** A message's first line with words on it, to name or tell apart its conversation. */
export const firstLine = (body: string) => body.trim().split("\n", 1)[0]?.slice(0, 200) ?? "";

/**
 * Unread conversations in each view, for the counts beside the view links: the rows each view
 * marks unread. The views do not overlap, so these add up to countUnreadConversations.
 */
export async function countUnreadByView(
  db: Db,
  { actor }: { actor: TeamActor },
): Promise<Record<ViewId, number>> {
  const internal = sql`not ${participants.onItem} and ${participants.kind} = 'internal'`;
  const customer = sql`not ${participants.onItem} and ${participants.kind} = 'customer'`;
  // The status is looked up only for the unread customer conversations, not joined for every row:
  // a person with many unread threads would otherwise pay a scan of every conversation.
  const status = sql`(select c.status from conversations c where c.id = ${participants.conversationId})`;
  const [row] = await db
    .select({
      inbox: sql<number>`count(*) filter (where ${internal} and ${VIEWS.inbox.flags})::int`,
      sent: sql<number>`count(*) filter (where ${internal} and ${VIEWS.sent.flags})::int`,
      open: sql<number>`count(*) filter (where ${customer} and ${status} = 'open')::int`,
      closed: sql<number>`count(*) filter (where ${customer} and ${status} = 'closed')::int`,
      items: sql<number>`count(*) filter (where ${participants.onItem})::int`,
    })
    .from(participants)
    .where(
      and(
        eq(participants.userId, actor.userId),
        eq(participants.workspaceId, actor.workspaceId),
        sql`${participants.latestSeq} > ${participants.lastReadSeq}`,
      ),
    );
  return {
    inbox: row?.inbox ?? 0,
    sent: row?.sent ?? 0,
    open: row?.open ?? 0,
    closed: row?.closed ?? 0,
    items: row?.items ?? 0,
  };
}

/** Written as the partial indexes' own predicate, so the planner can prove they apply. */
const notOnItem = (column: typeof participants.onItem | typeof conversations.onItem) => sql`not ${column}`;

/**
 * Where to go once a conversation leaves a view (closing it leaves Open Conversations), asked
 * before it leaves, while it still has its place in the list (closing posts a line, which would
 * move it to the top): the one below it, or else the view's newest other one; null when there is
 * no other.
 */
export async function nextConversationInView(
  db: Db,
  { actor, view, leavingId }: { actor: TeamActor; view: ViewId; leavingId: string },
): Promise<string | null> {
  const [leaving] = await db
    .select({ lastMessageAt: conversations.lastMessageAt })
    .from(conversations)
    .where(and(eq(conversations.id, leavingId), eq(conversations.workspaceId, actor.workspaceId)));
  const below = leaving
    ? await listConversations(db, {
        actor,
        view,
        cursor: encodeCursor(leaving.lastMessageAt, leavingId),
        limit: 1,
      })
    : null;
  const newest = async () =>
    (await listConversations(db, { actor, view, limit: 2 })).rows.find((row) => row.id !== leavingId);
  return (below?.rows[0] ?? (await newest()))?.id ?? null;
}
