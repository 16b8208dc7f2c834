import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { decodeCursor, encodeCursor } from "@/lib/keyset-cursor";
import { highlight, type Segment, searchTerms, searchText, snippet } from "./search-terms";

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

type HitRow = {
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
 * Who may see a thread is requireTeamAccess's rule (lib/conversations/access.ts), applied here in
 * SQL: they take part, or it is an item's thread, or a customer conversation and they are
 * customer-facing. A deactivated member, or anyone of another workspace, finds nothing.
 */
export async function searchMessages(
  db: Db,
  {
    actor,
    query,
    cursor,
    limit = PAGE,
  }: { actor: TeamActor; query: string; cursor?: string; limit?: number },
): Promise<SearchPage> {
  const text = searchText.safeParse(query);
  if (!text.success)
    throw new DomainError("invalid_input", text.error.issues[0]?.message ?? "Check the search.");
  const terms = searchTerms(text.data);
  if (!terms) return { hits: [], nextCursor: null };
  const after = decodeCursor(cursor);
  const workspaceId = actor.workspaceId;
  const tsquery = sql`to_tsquery('simple', ${terms.tsquery})`;
  const personMatches = (name: SQL, email: SQL) =>
    // An address is one token to the parser ("bob@acme.test"); its parts are words too.
    sql`to_tsvector('simple', ${name} || ' ' || ${email} || ' ' || translate(${email}, '@.+_-', '     ')) @@ ${tsquery}`;
  const keyset = after ? sql`(m.created_at, m.id) < (${after.t}::timestamptz, ${after.id}::uuid)` : sql`true`;
  const mayView = sql`c.workspace_id = ${workspaceId} and (
    c.on_item
    or (c.kind = 'customer' and me.customer_facing)
    or exists (select 1 from participants mine where mine.conversation_id = c.id and mine.user_id = me.id))`;
  const newestFirst = sql`order by m.created_at desc, m.id desc limit ${limit + 1}`;

  const result = await db.execute(sql`
    with me as (
      select id, customer_facing from users
      where id = ${actor.userId} and workspace_id = ${workspaceId} and deactivated_at is null
    ),
    thread_hits as (
      select c.id from conversations c
      where c.workspace_id = ${workspaceId} and to_tsvector('simple', coalesce(c.subject, '')) @@ ${tsquery}
      union
      select p.conversation_id from participants p join users u on u.id = p.user_id
      where u.workspace_id = ${workspaceId} and ${personMatches(sql`u.name`, sql`u.email`)}
      union
      select p.conversation_id from participants p join customers cu on cu.id = p.customer_id
      where cu.workspace_id = ${workspaceId} and ${personMatches(sql`cu.name`, sql`cu.email`)}
      union
      select i.conversation_id from items i
      where i.workspace_id = ${workspaceId}
        and (to_tsvector('simple', i.title) @@ ${tsquery} or i.number = ${terms.itemNumber})
    ),
    hits as (
      (select m.id, m.created_at from messages m
         join conversations c on c.id = m.conversation_id cross join me
       where m.workspace_id = ${workspaceId} and m.search_vector @@ ${tsquery} and ${keyset} and ${mayView}
       ${newestFirst})
      union
      (select m.id, m.created_at from thread_hits t
         join conversations c on c.id = t.id
         join messages m on m.conversation_id = c.id and m.seq = c.last_message_seq
         cross join me
       where ${keyset} and ${mayView}
       ${newestFirst})
    )
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
    limit ${limit + 1}`);
  const rows = (result as unknown as { rows: HitRow[] }).rows;
  const page = rows.slice(0, limit).map((row) => toHit(row, terms.words));
  const last = page.at(-1);
  return {
    hits: page,
    nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.messageId) : null,
  };
}

function toHit(row: HitRow, words: string[]): SearchHit {
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
