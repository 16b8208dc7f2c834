/**
 * How fast the messenger's lists and /items are with many conversations and items.
 *   npm run bench:views                        # embedded PGlite, 10,000 conversations and 10,000 items
 *   DATABASE_URL=postgres://… npm run bench:views -- --count 100000 --items 100000
 * On Postgres it works in a throwaway database that it drops at the end.
 */
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { createTestDb, createWorkspace, seedManyConversations, seedManyItems } from "@/db/testing";
import { countUnreadConversations } from "@/lib/conversations/read-state";
import { countUnreadByView, listConversations, type ViewId } from "@/lib/conversations/views";
import { type ItemsFilter, listItems } from "@/lib/items/list-items";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "10000" },
    items: { type: "string", default: "10000" },
  },
});
const count = Number(values.count);
const itemCount = Number(values.items);

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
