/**
 * How fast the messenger's lists are with many conversations.
 *   npm run bench:views                        # embedded PGlite, 10,000 conversations
 *   DATABASE_URL=postgres://… npm run bench:views -- --count 100000
 * On Postgres it works in a throwaway database that it drops at the end.
 */
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { createTestDb, createWorkspace, seedManyConversations } from "@/db/testing";
import { countUnreadConversations } from "@/lib/conversations/read-state";
import { countUnreadByView, listConversations } from "@/lib/conversations/views";

const { values } = parseArgs({ options: { count: { type: "string", default: "10000" } } });
const count = Number(values.count);

const connection = await createTestDb();
const { db } = connection;
try {
  const acme = await createWorkspace(connection, { slug: "bench", team: ["Alice Admin", "Bob Builder"] });
  const alice = acme.member("Alice Admin");
  const bob = acme.member("Bob Builder");
  let started = performance.now();
  await seedManyConversations(db, {
    workspaceId: acme.workspace.id,
    from: alice.userId,
    to: bob.userId,
    count,
  });
  await db.execute(sql`analyze`);
  console.log(`driver: ${process.env.DATABASE_URL ? "postgres" : "pglite"}, conversations: ${count}`);
  console.log(`seeded in ${(performance.now() - started).toFixed(0)} ms`);

  const timings: number[] = [];
  let cursor: string | undefined;
  let rows = 0;
  started = performance.now();
  do {
    const t = performance.now();
    const page = await listConversations(db, { actor: bob, view: "inbox", cursor });
    timings.push(performance.now() - t);
    rows += page.rows.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const total = performance.now() - started;
  timings.sort((a, b) => a - b);
  const pct = (p: number) =>
    timings[Math.min(timings.length - 1, Math.floor(timings.length * p))]?.toFixed(2);
  console.log(`inbox walk: ${timings.length} pages of 30, ${rows} rows, ${total.toFixed(0)} ms`);
  console.log(`  per page: p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${pct(1)} ms`);

  for (const [name, run] of [
    ["unread badge (countUnreadConversations)", () => countUnreadConversations(db, { actor: bob })],
    ["view counts (countUnreadByView)", () => countUnreadByView(db, { actor: bob })],
  ] as const) {
    const samples: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await run();
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    console.log(`${name}: p50 ${samples[10]?.toFixed(2)} ms, max ${samples[19]?.toFixed(2)} ms`);
  }

  const plan = await db.execute(sql`
    explain analyze
    select conversation_id from participants
    where user_id = ${bob.userId} and workspace_id = ${acme.workspace.id} and kind = 'internal' and has_received
      and (last_message_at, conversation_id) < (timestamptz '2026-01-05', 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid)
    order by last_message_at desc, conversation_id desc limit 31`);
  console.log("plan of one page (keyset, mid-list):");
  for (const row of (plan as unknown as { rows: { "QUERY PLAN": string }[] }).rows)
    console.log(`  ${row["QUERY PLAN"]}`);
} finally {
  await connection.close();
}
