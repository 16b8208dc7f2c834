import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { TeamActor } from "@/lib/auth/actor";
import { teamMaySee } from "@/lib/conversations/access";
import { DomainError } from "@/lib/domain-error";
import { decodeCursor, encodeCursor, type KeysetPosition } from "@/lib/keyset-cursor";
import { highlight, type SearchTerms, type Segment, searchTerms, searchText, snippet } from "./search-terms";

/** One result: a message, in the thread it belongs to, with the searched words marked. */
export type SearchHit = {
  messageId: string;
  conversationId: string;
  thread: {
    kind: "internal" | "customer";
    /** The item's "#12 Title", or who the conversation is with (its customers, or the teammates). */
    title: Segment[];
    subject: Segment[] | null;
    item: { number: number; kind: "ticket" | "task" } | null;
  };
  authorName: string | null;
  system: boolean;
  internal: boolean;
  /** The message, around its first matched word. */
  snippet: Segment[];
  createdAt: Date;
};

export type SearchPage = { hits: SearchHit[]; nextCursor: string | null };

const PAGE = 20;
// How many of the workspace's newest messages are searched first, before all of history (see searchSql).
const RECENT_WINDOW = 5_000;
// Up to this many threads, a member who is not customer-facing is searched in theirs alone (threadsInScope).
const SCOPE_MAX = 10_000;

export type HitRow = {
  message_id: string;
  conversation_id: string;
  created_at: string | Date;
  body: string;
  author_kind: "user" | "customer" | "system";
  author_name: string | null;
  visibility: "public" | "internal";
  kind: "internal" | "customer";
  subject: string | null;
  item_number: number | null;
  item_title: string | null;
  item_kind: "ticket" | "task" | null;
  people: { name: string; customer: boolean }[] | null;
};

/**
 * The messages and threads an active team member may see that match `query`, newest first, a
 * keyset page at a time. A message matches by its words (the GIN index on messages.search_vector);
 * a thread matches by its subject, the name or address of anyone in it, or its item's title or
 * number, and is then shown at its newest message. Each word must match the same field.
 * Who may see a thread is the team's one rule (teamMaySee, lib/conversations/access.ts), per row:
 * they take part, or it is an item's thread, or a customer conversation and they are
 * customer-facing. A deactivated member, or anyone of another workspace, finds nothing.
 */
export async function searchMessages(
  db: Db,
  {
    actor,
    query,
    cursor,
    limit = PAGE,
    recentWindow = RECENT_WINDOW,
  }: {
    actor: TeamActor;
    query: string;
    cursor?: string;
    limit?: number;
    /** Tests shrink it, to run the branches that search all of history. */
    recentWindow?: number;
  },
): Promise<SearchPage> {
  const text = searchText.safeParse(query);
  if (!text.success)
    throw new DomainError("invalid_input", text.error.issues[0]?.message ?? "Check the search.");
  const terms = searchTerms(text.data);
  if (!terms) return { hits: [], nextCursor: null };
  const result = await db.transaction(async (tx) => {
    const scope = await threadsInScope(tx, actor);
    const statement = searchSql({ actor, terms, scope, after: decodeCursor(cursor), limit, recentWindow });
    // For this transaction only (the third argument), in one round trip:
    // - no JIT: the fallback branches, rarely run, make the plan look costly enough for Postgres to
    //   compile it, which alone costs more than the whole search (70 to 100 ms on every query);
    // - a random read costs about what a sequential one does: the indexes a search reads are the
    //   ones every list reads, so they are in memory. At the default (4, for spinning disks)
    //   Postgres would rather hash whole tables than look a few hundred rows up, several times slower.
    await tx.execute(sql`select set_config('jit', 'off', true), set_config('random_page_cost', '1.1', true)`);
    return tx.execute(statement);
  });
  const rows = (result as unknown as { rows: HitRow[] }).rows;
  const page = rows.slice(0, limit).map((row) => toHit(row, terms.words));
  const last = page.at(-1);
  return {
    hits: page,
    nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.messageId) : null,
  };
}

/**
 * The threads a member who is not customer-facing may see (their own and the items'), when there
 * are few enough to name in the query: their messages are then searched in just those threads.
 * Walking the workspace's newest messages, as for everyone else, would mostly meet threads hidden
 * from them, and fall back to every match in the workspace. Null: search the workspace. The rule
 * itself is applied again to every row (searchSql), so this only narrows where to look.
 */
async function threadsInScope(db: Db, actor: TeamActor): Promise<string[] | null> {
  if (actor.customerFacing) return null;
  const result = await db.execute(sql`
    -- An item's thread is in the second list already; leaving it out here lets the index of the
    -- member's conversation lists (participants_user_view_idx) answer.
    select conversation_id from participants
    where user_id = ${actor.userId} and workspace_id = ${actor.workspaceId} and not on_item
    union
    select conversation_id from items where workspace_id = ${actor.workspaceId}
    limit ${SCOPE_MAX + 1}`);
  const ids = (result as unknown as { rows: { conversation_id: string }[] }).rows.map(
    (row) => row.conversation_id,
  );
  return ids.length > SCOPE_MAX ? null : ids;
}

/** The query behind searchMessages, one page plus one. */
function searchSql({
  actor,
  terms,
  scope,
  after,
  limit = PAGE,
  recentWindow = RECENT_WINDOW,
}: {
  actor: TeamActor;
  terms: SearchTerms;
  /** The only threads to search messages in (see threadsInScope), or null for the whole workspace. */
  scope: string[] | null;
  after?: KeysetPosition;
  limit?: number;
  recentWindow?: number;
}) {
  const workspaceId = actor.workspaceId;
  const tsquery = sql`to_tsquery('simple', ${terms.tsquery})`;
  const personMatches = (name: SQL, email: SQL) =>
    // An address is one token to the parser ("bob@acme.test"); its parts are words too.
    sql`to_tsvector('simple', ${name} || ' ' || ${email} || ' ' || translate(${email}, '@.+_-', '     ')) @@ ${tsquery}`;
  // Newest first by (time, id) of the message shown. A thread's newest message was written at its
  // last_message_at, so thread matches sort by that column before their message is looked up.
  const before = (time: SQL) =>
    after ? sql`(${time}, m.id) < (${after.t}::timestamptz, ${after.id}::uuid)` : sql`true`;
  const onOrBefore = (time: SQL) => (after ? sql`${time} <= ${after.t}::timestamptz` : sql`true`);
  const { mayView, asMember } = memberRows(actor);
  const newestFirst = sql`order by m.created_at desc, m.id desc limit ${limit + 1}`;
  const threadsShown = 2 * limit + 1;
  // The newest matching threads the member may see, of one kind of match. Each kind is cut to a
  // page on its own, so that a match shared by thousands of threads (a teammate in all of them, a
  // word in many subjects) costs a page, not a sort of all of them.
  const newestThreads = (from: SQL, where: SQL, time: SQL = sql`c.last_message_at`) => sql`(
    select c.id, c.last_message_seq, c.last_message_at from ${from}
      ${asMember}
    where ${where} and ${onOrBefore(time)} and ${mayView}
    order by ${time} desc limit ${threadsShown})`;
  // A matched teammate's threads, walked newest first off the index of a list of conversations
  // (participants_user_view_idx, participants_user_items_idx): a page of them costs about a page
  // of rows, even for a teammate in tens of thousands. Team members' rows move with every message
  // of their threads and are added with one, so their last_message_at is the thread's.
  // Every item's thread is visible to the member, so the teammate's item list is walked. Of their
  // conversations, a member who is not customer-facing sees only those they are in themselves:
  // walking the member's own list (no longer than SCOPE_MAX) cannot pass over thousands that
  // they may not see, as walking the teammate's could.
  const theirList = sql`participants p join conversations c on c.id = p.conversation_id`;
  const teammateThreads = (kind: "internal" | "customer" | "item") => {
    if (kind === "item")
      return newestThreads(theirList, sql`p.user_id = u.id and p.on_item`, sql`p.last_message_at`);
    if (!scope)
      return newestThreads(
        theirList,
        sql`p.user_id = u.id and p.kind = ${kind} and not p.on_item`,
        sql`p.last_message_at`,
      );
    return newestThreads(
      sql`participants own
        join participants p on p.conversation_id = own.conversation_id and p.user_id = u.id
        join conversations c on c.id = own.conversation_id`,
      sql`own.user_id = ${actor.userId} and own.kind = ${kind} and not own.on_item`,
      sql`own.last_message_at`,
    );
  };

  const messageHits = scope
    ? // One query over the named threads, as an array of known length, so that Postgres can weigh
      // its plans: a common word walks the workspace's newest messages (its index needs the
      // workspace named), a rare one is read from the GIN index.
      sql`
    message_hits as (
      select m.id, m.created_at from messages m
        join conversations c on c.id = m.conversation_id
        ${asMember}
      where m.workspace_id = ${workspaceId} and m.conversation_id = any(${`{${scope.join(",")}}`}::uuid[])
        and m.search_vector @@ ${tsquery} and ${before(sql`m.created_at`)} and ${mayView}
      ${newestFirst}
    )`
    : // Two ways. A common word has a page of matches among the workspace's newest messages:
      // walking them newest first finds it at once, where the GIN index would hand over every
      // match, to be sorted. A rare word has few matches in all: the GIN index finds them at once,
      // where walking history would read all of it.
      sql`
    recent as (
      select id, created_at, conversation_id, search_vector from messages m
      where workspace_id = ${workspaceId} and ${before(sql`m.created_at`)}
      order by created_at desc, id desc limit ${recentWindow}
    ),
    recent_hits as materialized (
      select m.id, m.created_at from recent m
        join conversations c on c.id = m.conversation_id
        ${asMember}
      where m.search_vector @@ ${tsquery} and ${mayView}
      ${newestFirst}
    ),
    -- Materialized, so it is read from the GIN index whole, not by walking history newest first
    -- in the hope of meeting matches soon; and read only when the recent messages fell short.
    all_matches as materialized (
      select id, created_at, conversation_id from messages m
      where workspace_id = ${workspaceId} and search_vector @@ ${tsquery} and ${before(sql`m.created_at`)}
    ),
    message_hits as (
      (select id, created_at from recent_hits)
      union
      (select m.id, m.created_at from all_matches m
         join conversations c on c.id = m.conversation_id
         ${asMember}
       where ${mayView} and (select count(*) from recent_hits) <= ${limit}
       ${newestFirst})
    )`;

  return sql`
    with ${memberRows(actor).me},
    thread_hits as (
      ${newestThreads(
        sql`conversations c`,
        sql`to_tsvector('simple', coalesce(c.subject, '')) @@ ${tsquery}`,
      )}
      union all
      select t.* from users u cross join lateral (
        ${teammateThreads("internal")}
        union all ${teammateThreads("customer")}
        union all ${teammateThreads("item")}
      ) t
      where u.workspace_id = ${workspaceId} and ${personMatches(sql`u.name`, sql`u.email`)}
      union all
      -- A customer's row does not move with internal notes, so their threads are sorted by the thread's time.
      select t.* from customers cu cross join lateral ${newestThreads(
        sql`participants p join conversations c on c.id = p.conversation_id`,
        sql`p.customer_id = cu.id`,
      )} t
      where cu.workspace_id = ${workspaceId} and ${personMatches(sql`cu.name`, sql`coalesce(cu.email, '')`)}
      union all
      ${newestThreads(
        sql`items i join conversations c on c.id = i.conversation_id`,
        sql`i.workspace_id = ${workspaceId} and (to_tsvector('simple', i.title) @@ ${tsquery} or i.number = ${terms.itemNumber})`,
      )}
    ),
    ${messageHits},
    -- The newest visible matching threads first, and only then their newest message: looked up
    -- for each thread on its own, it can never turn into a scan of every message.
    thread_top as materialized (
      select distinct id, last_message_seq, last_message_at from thread_hits
      order by last_message_at desc limit ${threadsShown}
    ),
    hits as (
      (select id, created_at from message_hits)
      union
      (select m.id, m.created_at from thread_top c
         join messages m on m.conversation_id = c.id and m.seq = c.last_message_seq
       where ${before(sql`c.last_message_at`)}
       order by c.last_message_at desc, m.id desc limit ${limit + 1})
    )
    ${hitRows(actor, limit)}`;
}

/**
 * For a query over one member's view of threads (`c`): `me`, their row (none if deactivated or of
 * another workspace, so nothing is visible); `asMember`, the joins `mayView` needs; and `mayView`,
 * the team's rule (lib/conversations/access.ts) per row, `mine` being their own participant row.
 */
export function memberRows(actor: TeamActor) {
  return {
    me: sql`me as (
      select id, customer_facing from users
      where id = ${actor.userId} and workspace_id = ${actor.workspaceId} and deactivated_at is null
    )`,
    mayView: sql`c.workspace_id = ${actor.workspaceId} and ${teamMaySee({
      participantId: sql.raw("mine.id"),
      onItem: sql.raw("c.on_item"),
      kind: sql.raw("c.kind"),
      customerFacing: sql.raw("me.customer_facing"),
    })}`,
    // The member's id is named, not joined from `me`, so that their row is found by its own index.
    asMember: sql`cross join me
    left join participants mine on mine.conversation_id = c.id and mine.user_id = ${actor.userId}`,
  };
}

/**
 * The rows of a page of results, from a `hits` CTE (id, created_at) of messages the member may see:
 * each message with its thread, newest first, one more than the page.
 */
export function hitRows(actor: TeamActor, limit: number) {
  return sql`
    select m.id as message_id, m.conversation_id, m.created_at, m.body, m.author_kind, m.visibility,
           coalesce(au.name, ac.name) as author_name,
           c.kind, c.subject, i.number as item_number, i.title as item_title, i.kind as item_kind,
           (select json_agg(json_build_object('name', coalesce(pu.name, pc.name), 'customer', pc.id is not null)
                            order by pc.id is null, p.created_at)
              from participants p
              left join users pu on pu.id = p.user_id
              left join customers pc on pc.id = p.customer_id
             where p.conversation_id = c.id and p.user_id is distinct from ${actor.userId}) as people
    from hits
    join messages m on m.id = hits.id
    join conversations c on c.id = m.conversation_id
    left join items i on i.conversation_id = c.id
    left join users au on au.id = m.author_user_id
    left join customers ac on ac.id = m.author_customer_id
    order by m.created_at desc, m.id desc
    limit ${limit + 1}`;
}

/** A result as the list shows it, with `words` marked in its thread's title, subject and snippet. */
export function toHit(row: HitRow, words: string[]): SearchHit {
  const people = row.people ?? [];
  // In a customer conversation, who it is with: its customers (as the conversation list shows it).
  const shown = people.some((person) => person.customer)
    ? people.filter((person) => person.customer)
    : people;
  const title =
    row.item_number !== null
      ? `#${row.item_number} ${row.item_title}`
      : shown.map((person) => person.name).join(", ") || "Only you";
  return {
    messageId: row.message_id,
    conversationId: row.conversation_id,
    thread: {
      kind: row.kind,
      title: highlight(title, words),
      subject: row.subject ? highlight(row.subject, words) : null,
      item:
        row.item_number !== null && row.item_kind ? { number: row.item_number, kind: row.item_kind } : null,
    },
    authorName: row.author_name,
    system: row.author_kind === "system",
    internal: row.visibility === "internal",
    snippet: snippet(highlight(row.body, words)),
    createdAt: new Date(row.created_at),
  };
}
