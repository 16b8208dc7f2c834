import "server-only";
import { type AnyColumn, and, desc, eq, type Placeholder, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { conversations, customers, items, messages, participants, users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
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
  const customerWide = "status" in VIEWS[view] && actor.customerFacing;
  const rows = await listStatement(db, view, customerWide, after !== undefined).execute({
    userId: actor.userId,
    workspaceId: actor.workspaceId,
    afterAt: after?.t,
    afterId: after?.id,
    limit: limit + 1,
  });

  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    rows: shown.map((row) => ({
      id: row.id,
      kind: row.kind,
      lastMessageAt: row.lastMessageAt,
      unread: row.unread,
      people: row.people,
      item: row.item,
      preview: row.preview && {
        authorName: row.preview.authorName,
        body: row.preview.body.slice(0, 200),
        system: row.preview.authorKind === "system",
        internal: row.preview.visibility === "internal",
      },
      subject: row.subject,
      opening: row.opening && firstLine(row.opening.body),
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.lastMessageAt, last.id) : null,
  };
}

/**
 * Each shape of the list's statement, built once per database handle: building this query in
 * drizzle costs about as much JavaScript as Postgres spends running it, on every page.
 */
const listStatements = new WeakMap<Db, Map<string, ListStatement>>();
type ListStatement = ReturnType<typeof buildListStatement>;

function listStatement(db: Db, view: ViewId, customerWide: boolean, paged: boolean): ListStatement {
  const name = `list_conversations_${view}_${customerWide ? "all" : "mine"}_${paged ? "after" : "top"}`;
  const built = listStatements.get(db) ?? new Map<string, ListStatement>();
  listStatements.set(db, built);
  const statement = built.get(name) ?? buildListStatement(db, name, view, customerWide, paged);
  built.set(name, statement);
  return statement;
}

/** One shape of the list: its values are placeholders, filled by `execute`. */
function buildListStatement(db: Db, name: string, view: ViewId, customerWide: boolean, paged: boolean) {
  const spec = VIEWS[view];
  const me = sql.placeholder("userId");
  const workspace = sql.placeholder("workspaceId");
  const afterAt = sql`${sql.placeholder("afterAt")}::timestamptz`;
  const afterId = sql`${sql.placeholder("afterId")}::uuid`;
  const keys = customerWide
    ? db
        .select({
          id: sql<string>`${conversations.id}`.as("id"),
          kind: sql<ConversationRow["kind"]>`${conversations.kind}`.as("kind"),
          lastMessageAt: sql<string>`${conversations.lastMessageAt}`.as("last_message_at"),
          unread: sql<boolean>`coalesce(${participants.latestSeq} > ${participants.lastReadSeq}, false)`.as(
            "unread",
          ),
          latestSeq: sql<number>`${conversations.lastMessageSeq}`.as("latest_seq"),
          subject: sql<string | null>`${conversations.subject}`.as("subject"),
          onItem: sql<boolean>`${conversations.onItem}`.as("on_item"),
        })
        .from(conversations)
        .leftJoin(
          participants,
          and(eq(participants.conversationId, conversations.id), eq(participants.userId, me)),
        )
        .where(
          and(
            eq(conversations.workspaceId, workspace),
            eq(conversations.kind, "customer"),
            "status" in spec ? eq(conversations.status, spec.status) : undefined,
            notOnItem(conversations.onItem),
            paged
              ? sql`(${conversations.lastMessageAt}, ${conversations.id}) < (${afterAt}, ${afterId})`
              : undefined,
          ),
        )
        .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
        .limit(sql.placeholder("limit"))
    : db
        .select({
          id: sql<string>`${participants.conversationId}`.as("id"),
          kind: sql<ConversationRow["kind"]>`${participants.kind}`.as("kind"),
          lastMessageAt: sql<string>`${participants.lastMessageAt}`.as("last_message_at"),
          unread: sql<boolean>`${participants.latestSeq} > ${participants.lastReadSeq}`.as("unread"),
          latestSeq: sql<number>`${participants.latestSeq}`.as("latest_seq"),
          // From the conversation, joined already for its status: no extra read per row.
          subject: sql<string | null>`${conversations.subject}`.as("subject"),
          onItem: sql<boolean>`${participants.onItem}`.as("on_item"),
        })
        .from(participants)
        .innerJoin(conversations, eq(conversations.id, participants.conversationId))
        .where(
          and(
            eq(participants.userId, me),
            eq(participants.workspaceId, workspace),
            ...("onItem" in spec
              ? [sql`${participants.onItem}`]
              : [
                  notOnItem(participants.onItem),
                  eq(participants.kind, spec.kind),
                  "flags" in spec ? spec.flags : eq(conversations.status, spec.status),
                ]),
            paged
              ? sql`(${participants.lastMessageAt}, ${participants.conversationId}) < (${afterAt}, ${afterId})`
              : undefined,
          ),
        )
        .orderBy(desc(participants.lastMessageAt), desc(participants.conversationId))
        .limit(sql.placeholder("limit"));
  const page = keys.as("page");
  // Named with the subquery's own name: drizzle names an aliased field by its alias alone, which
  // inside a subquery of messages or participants would be that table's column.
  const onPage = (column: string) => sql`${sql.identifier("page")}.${sql.identifier(column)}`;
  // The page's keys, then each row's details looked up off their indexes by correlated
  // subqueries: one statement, one round trip, however many rows (the SQL is most of the cost).
  return (
    db
      .select({
        id: sql<string>`${onPage("id")}`,
        kind: sql<ConversationRow["kind"]>`${onPage("kind")}`,
        lastMessageAt: sql<Date>`${onPage("last_message_at")}`.mapWith(participants.lastMessageAt),
        unread: sql<boolean>`${onPage("unread")}`,
        subject: sql<string | null>`${onPage("subject")}`,
        people: peopleOf(onPage("id"), me),
        item: { number: items.number, title: items.title, kind: items.kind },
        preview: messageAt(onPage("id"), onPage("latest_seq")),
        // An item's thread is named after the item, and a single message is its own preview.
        opening: sql<MessageJson | null>`case when ${onPage("subject")} is null and not ${onPage("on_item")} and ${onPage("latest_seq")} > 1
        then ${messageAt(onPage("id"), sql`1`)} end`,
      })
      .from(page)
      // Joined (an item has one thread), which also makes drizzle name every column with its table,
      // as the correlated subqueries need.
      .leftJoin(items, eq(items.conversationId, onPage("id")))
      .orderBy(desc(onPage("last_message_at")), desc(onPage("id")))
      // Named by its shape, so each connection plans it once: planning costs as much as running it.
      .prepare(name)
  );
}

type MessageJson = { body: string; authorKind: string; visibility: string; authorName: string | null };

/**
 * A thread's message at one seq, as JSON, off the (conversation_id, seq) index. Its author's name
 * is looked up by id: joined, the planner may hash the whole team for one message.
 */
const messageAt = (conversationId: SQL, seq: SQL) =>
  sql<MessageJson | null>`(select json_build_object('body', ${shownBody}, 'authorKind', ${messages.authorKind},
      'visibility', ${messages.visibility}, 'authorName', ${nameOf(messages.authorUserId, messages.authorCustomerId)})
    from ${messages}
    where ${messages.conversationId} = ${conversationId} and ${messages.seq} = ${seq})`;

/** A team member's or a customer's name, by id, one index look-up. */
const nameOf = (userId: SQL | AnyColumn, customerId: SQL | AnyColumn) =>
  sql<string | null>`coalesce((select ${users.name} from ${users} where ${users.id} = ${userId}),
    (select ${customers.name} from ${customers} where ${customers.id} = ${customerId}))`;

/**
 * The other people of a thread, customers first (in a customer conversation they are who it is
 * with), each name looked up by id.
 */
const peopleOf = (conversationId: SQL, me: Placeholder) =>
  sql<ConversationRow["people"]>`(select coalesce(json_agg(json_build_object(
        'id', coalesce(${participants.userId}, ${participants.customerId}),
        'name', ${nameOf(participants.userId, participants.customerId)},
        'kind', case when ${participants.customerId} is not null then 'customer' else 'user' end,
        'visitor', ${isVisitor})
      order by ${participants.customerId} is null, ${participants.addedAt}), '[]'::json)
    from ${participants}
    left join ${customers} on ${customers.id} = ${participants.customerId}
    where ${participants.conversationId} = ${conversationId} and ${participants.userId} is distinct from ${me})`;

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
