/**
 * Reading lists: the Internal Inbox of a member in thousands of threads, at its first page and
 * deep into it, as the domain query (listConversations), as the SQL alone (the very statements it
 * issues, replayed with pg as named statements), and as the whole page over HTTP; and /items with a
 * filter.
 */
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows-of";
import * as schema from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { listConversations } from "@/lib/conversations/views";
import { encodeCursor } from "@/lib/keyset-cursor";
import { BENCH_PASSWORD, INBOX_MEMBER } from "./generate";
import { signIn } from "./http";
import { percentile, timed } from "./stats";

/** A page over HTTP takes tens of milliseconds; a query, one or two, so it is sampled more for a steady p95. */
const PAGE_SAMPLES = 40;
const QUERY_SAMPLES = 200;

export type InboxSetup = { actor: TeamActor; cursors: { first?: string; deep: string }; cookie: string };

/** The Inbox's member, and a cursor nine tenths of the way down their Inbox. */
export async function prepareInbox(db: Db, baseUrl: string): Promise<InboxSetup> {
  const [member] = await rowsOf<{ userId: string; workspaceId: string; name: string; threads: number }>(
    db,
    sql`select u.id as "userId", u.workspace_id as "workspaceId", u.name,
               (select count(*) from participants p where p.user_id = u.id and p.kind = 'internal'
                and not p.on_item and p.has_received)::int as threads
        from users u where u.email = ${INBOX_MEMBER}`,
  );
  if (!member) throw new Error(`no ${INBOX_MEMBER} in the data set`);
  const [deep] = await rowsOf<{ at: string; id: string }>(
    db,
    sql`select last_message_at::text as at, conversation_id as id from participants
        where user_id = ${member.userId} and kind = 'internal' and not on_item and has_received
        order by last_message_at desc, conversation_id desc offset ${Math.floor(member.threads * 0.9)} limit 1`,
  );
  if (!deep) throw new Error(`${INBOX_MEMBER} has an empty Inbox`);
  const actor: TeamActor = { kind: "user", role: "admin", customerFacing: true, ...member };
  return {
    actor,
    cursors: { first: undefined, deep: encodeCursor(new Date(deep.at), deep.id) },
    cookie: await signIn(baseUrl, INBOX_MEMBER, BENCH_PASSWORD),
  };
}

/**
 * Postgres plans a named statement afresh for each of its first five runs on a connection, then
 * settles on one plan; a server in use is long past them.
 */
const WARM_UP = 6;

/** p95 of `times` calls, after WARM_UP untimed ones (a warm server, as in use). */
async function p95Of(run: () => Promise<unknown>, times = PAGE_SAMPLES) {
  for (let i = 0; i < WARM_UP; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push(await timed(run));
  return percentile(samples, 0.95);
}

/** The domain query and the SQL alone, at both depths; each key is the worse of the two depths. */
export async function measureInboxQuery(db: Db, databaseUrl: string, { actor, cursors }: InboxSetup) {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const figures = { inbox_query_p95_ms: 0, inbox_sql_p95_ms: 0 };
    for (const cursor of Object.values(cursors)) {
      // The statements the domain query issues, recorded once through a logging drizzle.
      const statements: { text: string; params: unknown[] }[] = [];
      const recording = drizzle({
        client: pool,
        schema,
        logger: { logQuery: (text, params) => statements.push({ text, params }) },
      }) as unknown as Db;
      await listConversations(recording, { actor, view: "inbox", cursor });
      const query = await p95Of(() => listConversations(db, { actor, view: "inbox", cursor }), QUERY_SAMPLES);
      // Named, so prepared once on the connection as the domain query's statements are.
      const depth = cursor ? "deep" : "top";
      const alone = await p95Of(async () => {
        for (const [i, { text, params }] of statements.entries())
          await pool.query({ name: `inbox_sql_${depth}_${i}`, text, values: params });
      }, QUERY_SAMPLES);
      figures.inbox_query_p95_ms = Math.max(figures.inbox_query_p95_ms, query);
      figures.inbox_sql_p95_ms = Math.max(figures.inbox_sql_p95_ms, alone);
    }
    return figures;
  } finally {
    await pool.end();
  }
}

async function fetchPage(url: string, cookie: string) {
  const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
  const html = await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return html;
}

/** The whole page over HTTP, as a signed-in browser loads it (the HTML, server-rendered). */
export async function measurePages(baseUrl: string, { cursors, cookie }: InboxSetup) {
  let inbox = 0;
  for (const cursor of Object.values(cursors)) {
    const url = `${baseUrl}/messenger?view=inbox${cursor ? `&cursor=${cursor}` : ""}`;
    if (!(await fetchPage(url, cookie)).includes("Internal Inbox")) throw new Error(`${url} shows no Inbox`);
    inbox = Math.max(inbox, await p95Of(() => fetchPage(url, cookie)));
  }
  const items = `${baseUrl}/items?status=in_progress`;
  if (!(await fetchPage(items, cookie)).includes("Tickets and tasks"))
    throw new Error(`${items} shows no items`);
  return { inbox_page_p95_ms: inbox, items_page_p95_ms: await p95Of(() => fetchPage(items, cookie)) };
}
