/**
 * How fast the messenger's lists, /items and Search are with many conversations, items and messages.
 *   npm run bench:views                        # embedded PGlite, 10,000 conversations and 10,000 items, 100,000 messages to search
 *   DATABASE_URL=postgres://… npm run bench:views -- --count 100000 --items 100000 --messages 2000000
 * On Postgres it works in a throwaway database that it drops at the end.
 */
import { parseArgs } from "node:util";
import { type SQL, sql } from "drizzle-orm";
import type { Connection } from "@/db/client";
import { createTestDb, createWorkspace, seedManyConversations, seedManyItems } from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { countUnreadConversations } from "@/lib/conversations/read-state";
import { countUnreadByView, listConversations, type ViewId } from "@/lib/conversations/views";
import { type ItemsFilter, listItems } from "@/lib/items/list-items";
import { searchMessages } from "@/lib/search/search-messages";
import { bodyPoolStatement, wordOfRank } from "./bench/vocabulary";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "10000" },
    items: { type: "string", default: "10000" },
    messages: { type: "string", default: "100000" },
  },
});
const count = Number(values.count);
const itemCount = Number(values.items);
const messageCount = Number(values.messages);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]?.toFixed(2);

/** Times each page of a walk to the end, and prints pages, rows and per-page p50, p95 and max. */
async function timeWalk(
  name: string,
  pageOf: (after: string | undefined) => Promise<{ rows: number; next: string | undefined }>,
) {
  const timings: number[] = [];
  let after: string | undefined;
  let rows = 0;
  const started = performance.now();
  do {
    const t = performance.now();
    const page = await pageOf(after);
    timings.push(performance.now() - t);
    rows += page.rows;
    after = page.next;
  } while (after);
  const total = performance.now() - started;
  timings.sort((a, b) => a - b);
  console.log(`${name}: ${timings.length} pages, ${rows} rows, ${total.toFixed(0)} ms`);
  console.log(
    `  per page: p50 ${percentile(timings, 0.5)} ms, p95 ${percentile(timings, 0.95)} ms, max ${percentile(timings, 1)} ms`,
  );
}

/** Times 20 runs of a query that is one round, and prints p50, p95 and max. */
async function timeRuns(name: string, run: () => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await run();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `${name}: p50 ${percentile(samples, 0.5)} ms, p95 ${percentile(samples, 0.95)} ms, max ${percentile(samples, 1)} ms`,
  );
}

// Search's corpus: made-up words, so that a word's share of the messages follows from its rank.
const VOCABULARY_SIZE = 5000;
const MESSAGES_PER_CONVERSATION = 50;
const BODY_POOL = 100_000;
/**
 * Search over `messageCount` messages in conversations of 50: half internal (Alice and Bob, Carol
 * in one in ten), half with a customer (Bob and one of 200 customers, Carol in one in twenty).
 * Bodies are 8 to 15 words drawn with Zipf-like frequencies (a word of rank k has a share of about
 * 1/k), set-based. Then ~20 searches as Bob (customer-facing) and as Carol (who is not).
 */
async function benchmarkSearch(connection: Connection) {
  const { db } = connection;
  const conversationCount = Math.ceil(messageCount / MESSAGES_PER_CONVERSATION);
  const started = performance.now();
  const space = await createWorkspace(connection, {
    slug: "search",
    team: ["Alice Search", "Bob Search", "Carol Search"],
    notCustomerFacing: ["Carol Search"],
  });
  const [alice, bob, carol] = ["Alice Search", "Bob Search", "Carol Search"].map(space.member) as [
    TeamActor,
    TeamActor,
    TeamActor,
  ];
  const workspaceId = space.workspace.id;
  await db.execute(sql`
    insert into customers (workspace_id, name, email)
    select ${workspaceId}, 'Customer ' || n, 'customer' || n || '@search.test' from generate_series(1, 200) n`);
  await db.execute(sql`
    create table bench_threads as
    select n, gen_random_uuid() as id, (case when n % 2 = 0 then 'internal' else 'customer' end)::conversation_kind as kind,
           (select id from customers where workspace_id = ${workspaceId} order by id offset n % 200 limit 1) as customer_id
    from generate_series(1, ${conversationCount}) n`);
  // Messages are spread over time, every conversation getting its k-th message before any its (k+1)-th.
  const timeOf = (seq: SQL, n: SQL) =>
    sql`timestamptz '2025-01-01' + make_interval(secs => 10 * ((${seq} - 1) * ${conversationCount} + ${n}))`;
  await db.execute(sql`
    insert into conversations (id, workspace_id, kind, created_by_user_id, last_message_seq, last_message_at, subject)
    select id, ${workspaceId}, kind, ${bob.userId}, ${MESSAGES_PER_CONVERSATION},
           ${timeOf(sql`${MESSAGES_PER_CONVERSATION}`, sql`n`)},
           case when n % 10 = 0 then 'Subject ' || n end
    from bench_threads`);
  await db.execute(sql`
    insert into participants (workspace_id, conversation_id, kind, user_id, customer_id, last_read_seq, latest_seq, last_message_at, has_sent, has_received)
    select ${workspaceId}, t.id, t.kind, p.user_id, p.customer_id, ${MESSAGES_PER_CONVERSATION}, ${MESSAGES_PER_CONVERSATION},
           ${timeOf(sql`${MESSAGES_PER_CONVERSATION}`, sql`t.n`)}, true, true
    from bench_threads t
    cross join lateral (values (${bob.userId}::uuid, null::uuid), (${alice.userId}::uuid, null), (${carol.userId}::uuid, null), (null, t.customer_id))
      as p(user_id, customer_id)
    where case
      when p.customer_id is not null then t.kind = 'customer'
      when p.user_id = ${alice.userId}::uuid then t.kind = 'internal'
      when p.user_id = ${carol.userId}::uuid then t.n % (case t.kind when 'internal' then 10 else 20 end) = 0
      else true end`);
  await db.execute(bodyPoolStatement("bench_bodies", { pool: BODY_POOL, vocabulary: VOCABULARY_SIZE }));
  await db.execute(sql`create unique index on bench_bodies (k)`);
  // An index is faster built once over two million rows than updated two million times.
  const indexes = (
    (await db.execute(sql`
      select indexname, indexdef from pg_indexes
      where tablename = 'messages' and indexname in ('messages_search_idx', 'messages_workspace_newest_idx')`)) as unknown as {
      rows: { indexname: string; indexdef: string }[];
    }
  ).rows;
  for (const index of indexes) await db.execute(sql.raw(`drop index ${index.indexname}`));
  const customerSays = sql`t.kind = 'customer' and s.seq % 2 = 1`;
  // In the order they were written, as a real table holds them: the newest messages together.
  await db.execute(sql`
    insert into messages (workspace_id, conversation_id, seq, author_kind, author_user_id, author_customer_id, body, created_at)
    select ${workspaceId}, t.id, s.seq,
           (case when ${customerSays} then 'customer' else 'user' end)::message_author_kind,
           case when ${customerSays} then null when s.seq % 2 = 1 then ${alice.userId}::uuid else ${bob.userId}::uuid end,
           case when ${customerSays} then t.customer_id end,
           b.body,
           ${timeOf(sql`s.seq`, sql`t.n`)}
    from generate_series(0, ${messageCount - 1}) as g(i)
    join bench_threads t on t.n = g.i % ${conversationCount} + 1
    cross join lateral (select g.i / ${conversationCount} + 1 as seq) as s
    join bench_bodies b on b.k = (g.i::bigint * 7919) % ${BODY_POOL}`);
  for (const index of indexes) await db.execute(sql.raw(index.indexdef));
  await db.execute(sql`analyze`);
  console.log(
    `search: ${messageCount} messages in ${conversationCount} conversations, seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );

  const queries = [
    ...[1, 2, 5, 10, 30, 100, 300, 1000, 3000, 4999].map(wordOfRank),
    `${wordOfRank(3)} ${wordOfRank(40)}`,
    `${wordOfRank(20)} ${wordOfRank(700)}`,
    wordOfRank(7).slice(0, 3), // the start of a common word
    wordOfRank(2500).slice(0, 5),
    "nosuchword",
    "customer 17",
    "subject",
    "#12",
    "bob search",
    `${wordOfRank(1)} ${wordOfRank(2)} ${wordOfRank(3)}`,
  ];
  for (const [name, actor] of [
    ["Bob, customer-facing", bob],
    ["Carol, not customer-facing", carol],
  ] as const) {
    const samples: number[] = [];
    const found: string[] = [];
    for (const query of queries) {
      const t = performance.now();
      const page = await searchMessages(db, { actor, query });
      samples.push(performance.now() - t);
      found.push(`${query}: ${page.hits.length}`);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    console.log(
      `search as ${name} (${queries.length} queries, first page of 20): p50 ${percentile(sorted, 0.5)} ms, p95 ${percentile(sorted, 0.95)} ms, max ${percentile(sorted, 1)} ms`,
    );
    console.log(`  per query (ms): ${queries.map((q, i) => `${q}=${samples[i]?.toFixed(1)}`).join(", ")}`);
  }
}

const connection = await createTestDb();
const { db } = connection;
try {
  const acme = await createWorkspace(connection, {
    slug: "bench",
    team: ["Alice Admin", "Bob Builder"],
    customers: ["Dana Diaz"],
  });
  const alice = acme.member("Alice Admin");
  const bob = acme.member("Bob Builder");
  const started = performance.now();
  await seedManyConversations(db, {
    workspaceId: acme.workspace.id,
    from: alice.userId,
    to: bob.userId,
    count,
  });
  // Alice creates them all; Bob follows two in three, and every fifth is assigned to him.
  await seedManyItems(db, {
    workspaceId: acme.workspace.id,
    createdByUserId: alice.userId,
    followerUserIds: [bob.userId],
    requesterCustomerId: acme.customer("Dana Diaz").customerId,
    count: itemCount,
  });
  await db.execute(sql`analyze`);
  console.log(
    `driver: ${process.env.DATABASE_URL ? "postgres" : "pglite"}, conversations: ${count}, items: ${itemCount}`,
  );
  console.log(`seeded in ${(performance.now() - started).toFixed(0)} ms`);

  const walkView = (view: ViewId) =>
    timeWalk(`messenger ${view} walk (pages of 30)`, async (cursor) => {
      const page = await listConversations(db, { actor: bob, view, cursor });
      return { rows: page.rows.length, next: page.nextCursor ?? undefined };
    });
  const walkItems = (name: string, filter: ItemsFilter) =>
    timeWalk(`/items ${name} walk (pages of 50)`, async (before) => {
      const page = await listItems(db, {
        actor: bob,
        filter: { ...filter, before: before ? Number(before) : undefined },
      });
      return { rows: page.rows.length, next: page.nextBefore?.toString() };
    });

  await walkView("inbox");
  await walkView("items");
  await walkItems("all", {});
  await walkItems("kind=ticket", { kind: "ticket" });
  await walkItems("status=in_progress", { status: "in_progress" });
  await walkItems("assigned to me", { mine: "assigned" });
  await walkItems("followed by me", { mine: "followed" });
  await walkItems('search "invoice"', { q: "invoice" });
  await timeRuns('/items search "no such title" (one page)', () =>
    listItems(db, { actor: bob, filter: { q: "no such title" } }),
  );
  await timeRuns(`/items search "#${Math.ceil(itemCount / 2)}" (one page)`, () =>
    listItems(db, { actor: bob, filter: { q: `#${Math.ceil(itemCount / 2)}` } }),
  );
  await timeRuns("unread badge (countUnreadConversations)", () =>
    countUnreadConversations(db, { actor: bob }),
  );
  await timeRuns("view counts (countUnreadByView)", () => countUnreadByView(db, { actor: bob }));
  console.log(`Bob's unread by view: ${JSON.stringify(await countUnreadByView(db, { actor: bob }))}`);

  await benchmarkSearch(connection);

  const plan = await db.execute(sql`
    explain analyze
    select conversation_id from participants
    where user_id = ${bob.userId} and workspace_id = ${acme.workspace.id} and not on_item and kind = 'internal' and has_received
      and (last_message_at, conversation_id) < (timestamptz '2026-01-05', 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid)
    order by last_message_at desc, conversation_id desc limit 31`);
  console.log("plan of one inbox page (keyset, mid-list):");
  for (const row of (plan as unknown as { rows: { "QUERY PLAN": string }[] }).rows)
    console.log(`  ${row["QUERY PLAN"]}`);
} finally {
  await connection.close();
}
