/**
 * The benchmark's data set: one workspace with years of history, written set-based (a few dozen
 * statements however large), the same for every run of a scale (the random draws are seeded).
 * - Team members and customers; member-1 is the Inbox's member, in `inboxThreads` internal threads.
 * - Threads of three kinds: internal (3 in 5), customer (2 in 5), and the items' threads. Their
 *   people are drawn log-uniformly, so a few members and customers take part in thousands of
 *   threads and most in a handful; their lengths are drawn from an exponential distribution (and
 *   ten threads hold 2,000 messages each).
 * - Read state: nine in ten of each person's threads are read to the end.
 * - A delivery history: an email delivery for one message in five, sent or cancelled as seen.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows-of";
import { hashPassword } from "@/lib/auth/password";
import type { Scale } from "./scales";
import { bodyPoolStatement } from "./vocabulary";

export const BENCH_SLUG = "bench";
export const BENCH_PASSWORD = "bench-password-1";
export const memberEmail = (n: number) => `member-${n}@bench.test`;
/** The member whose Internal Inbox is measured. */
export const INBOX_MEMBER = memberEmail(1);

/** Bumped whenever the data set changes: a data set generated before is generated again. */
const GENERATOR_VERSION = 1;

/** The scale this database was generated at by this generator, if it was. */
export async function generatedScale(db: Db): Promise<string | null> {
  const [table] = await rowsOf<{ name: string | null }>(
    db,
    sql`select to_regclass('bench_data_set')::text as name`,
  );
  if (!table?.name) return null;
  const [row] = await rowsOf<{ scale: string; version: number }>(
    db,
    sql`select scale, (counts ->> 'version')::int as version from bench_data_set`,
  );
  return row?.version === GENERATOR_VERSION ? row.scale : null;
}

/** Writes the data set into an empty, migrated database (one session: the seed holds for its draws). */
export async function generateDataSet(db: Db, scale: Scale, log: (line: string) => void) {
  const started = performance.now();
  const step = async (name: string, query: ReturnType<typeof sql>) => {
    const t = performance.now();
    await db.execute(query);
    log(`  ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  const threads = scale.conversations;
  const firstItem = threads - scale.items; // threads after this one are items' threads
  const meanLength = scale.messages / threads;
  // A member other than the Inbox's, drawn log-uniformly from 2..members.
  const member = sql`(1 + floor(exp(random() * ln(${scale.members - 1}))))::int`;
  const customer = sql`(floor(exp(random() * ln(${scale.customers}))))::int`;

  await db.execute(sql`select setseed(0.2026)`);
  const [workspace] = await rowsOf<{ id: string }>(
    db,
    sql`insert into workspaces (slug, name) values (${BENCH_SLUG}, 'Bench Support') returning id`,
  );
  const ws = sql`${workspace?.id}::uuid`;
  const passwordHash = await hashPassword(BENCH_PASSWORD);

  await step(
    "members",
    sql`
    with m as (insert into users (workspace_id, name, email, role, password_hash, email_verified, customer_facing)
      select ${ws}, (array['Ada','Ben','Cleo','Dev','Eli','Fay','Gus','Hana','Ivo','Jun'])[n % 10 + 1] || ' '
                   || (array['Lund','Moss','Nash','Ortiz','Park','Quinn','Reyes','Sato','Toth','Urban'])[(n / 10) % 10 + 1] || ' ' || n,
             'member-' || n || '@bench.test', (case when n = 1 then 'admin' else 'member' end)::user_role,
             ${passwordHash}, now(), n % 5 <> 0
      from generate_series(1, ${scale.members}) n returning id, email)
    select 1`,
  );
  await db.execute(sql`create unlogged table bench_members as
    select substring(email from 'member-(\\d+)@')::int as n, id from users where workspace_id = ${ws}`);
  await db.execute(sql`create unique index on bench_members (n)`);
  await step(
    "customers",
    sql`insert into customers (workspace_id, name, email, created_at)
      select ${ws}, 'Customer ' || n, 'customer-' || n || '@bench.test', timestamptz '2024-01-01' + make_interval(mins => n)
      from generate_series(1, ${scale.customers}) n`,
  );
  await db.execute(sql`create unlogged table bench_customers as
    select substring(email from 'customer-(\\d+)@')::int as n, id from customers where workspace_id = ${ws}`);
  await db.execute(sql`create unique index on bench_customers (n)`);

  // Each thread: its kind, its length, when it ran, and its people by number.
  await step(
    "threads",
    sql`
    create unlogged table bench_threads as
    select n, gen_random_uuid() as id, kind, on_item, length, last_at,
           last_at - make_interval(mins => length * (1 + floor(random() * 30))::int) as first_at,
           case when kind = 'customer' then ${customer} end as customer_n,
           case when not on_item and kind = 'internal' and n % 5 = 0 and n <= ${5 * scale.inboxThreads} then 1 end as inbox_n,
           array(select distinct ${member} from generate_series(0, (n % 3) + (case when kind = 'internal' then 1 else 0 end)) where n > 0) as member_ns
    from (
      select n, n > ${firstItem} as on_item,
             (case when n > ${firstItem} then (case when n % 3 = 0 then 'customer' else 'internal' end)
                   when n % 5 < 3 then 'internal' else 'customer' end)::conversation_kind as kind,
             case when n <= 10 then 2000 else 1 + floor(-ln(1 - random()) * ${meanLength - 1})::int end as length,
             timestamptz '2026-11-01' - make_interval(secs => floor(random() * 700 * 86400)::int) as last_at
      from generate_series(1, ${threads}) n) t`,
  );
  await db.execute(sql`create unique index on bench_threads (n)`);
  // The people of each thread as ids: team members (the Inbox's member first when in it) and the customer.
  await step(
    "people",
    sql`
    create unlogged table bench_people as
    select t.n, t.id, t.kind,
           array(select m.id from bench_members m
                 where m.n = any(t.member_ns || case when t.inbox_n is not null then array[1] else array[]::int[] end)
                 order by m.n) as team,
           c.id as customer_id
    from bench_threads t left join bench_customers c on c.n = t.customer_n`,
  );
  await db.execute(sql`create unique index on bench_people (n)`);

  await step(
    "conversations",
    sql`
    insert into conversations (id, workspace_id, kind, status, created_by_user_id, last_message_seq, last_message_at, subject, on_item, created_at)
    select t.id, ${ws}, t.kind,
           (case when t.kind = 'customer' and t.n % 5 = 1 then 'closed' else 'open' end)::conversation_status,
           p.team[1], t.length, t.last_at,
           case when t.n % 4 = 0 and not t.on_item then 'About order ' || t.n end, t.on_item, t.first_at
    from bench_threads t join bench_people p using (n)`,
  );
  await step(
    "items",
    sql`
    insert into items (workspace_id, number, kind, status, title, assignee_user_id, requester_customer_id, created_by_user_id, conversation_id, created_at, updated_at)
    select ${ws}, t.n - ${firstItem}, (case when t.kind = 'customer' then 'ticket' else 'task' end)::item_kind,
           (array['open', 'in_progress', 'resolved', 'closed'])[t.n % 4 + 1]::item_status,
           (array['Printer jam', 'Invoice mismatch', 'Login fails', 'Export too slow', 'Billing question', 'Password reset', 'Broken link'])[t.n % 7 + 1] || ' ' || (t.n - ${firstItem}),
           case when t.n % 2 = 0 then p.team[array_length(p.team, 1)] end, p.customer_id, p.team[1], t.id, t.first_at, t.last_at
    from bench_threads t join bench_people p using (n) where t.on_item`,
  );
  await db.execute(sql`update workspaces set last_item_number = ${scale.items} where id = ${ws}`);

  // Indexes are faster built once over millions of rows than updated millions of times.
  const indexes = await rowsOf<{ indexname: string; indexdef: string }>(
    db,
    sql`select indexname, indexdef from pg_indexes
        where tablename in ('messages', 'deliveries') and indexname not like '%_pkey'`,
  );
  for (const index of indexes) await db.execute(sql.raw(`drop index ${index.indexname}`));
  await db.execute(bodyPoolStatement("bench_bodies", { pool: 50_000, vocabulary: 5_000 }));
  await db.execute(sql`create unique index on bench_bodies (k)`);
  // Message k of a thread: in a customer thread the customer writes the odd ones; otherwise the
  // team takes turns. Evenly spread between the thread's first and last times.
  const customerWrites = sql`(p.customer_id is not null and s.k % 2 = 1)`;
  const teamAuthor = sql`p.team[(s.k % cardinality(p.team)) + 1]`;
  await step(
    `messages (${scale.messages.toLocaleString("en")} or so)`,
    sql`
    insert into messages (workspace_id, conversation_id, seq, author_kind, author_user_id, author_customer_id, body, created_at)
    select ${ws}, t.id, s.k,
           (case when ${customerWrites} then 'customer' else 'user' end)::message_author_kind,
           case when not ${customerWrites} then ${teamAuthor} end,
           case when ${customerWrites} then p.customer_id end,
           b.body,
           t.first_at + (t.last_at - t.first_at) * (case when t.length = 1 then 1 else (s.k - 1)::float8 / (t.length - 1) end)
    from bench_threads t join bench_people p using (n)
    cross join lateral generate_series(1, t.length) as s(k)
    join bench_bodies b on b.k = (t.n::bigint * 7919 + s.k) % 50000`,
  );
  // One email delivery in five messages, to the next person in turn: sent, or cancelled as seen.
  await step(
    "delivery history",
    sql`
    insert into deliveries (workspace_id, message_id, conversation_id, recipient_user_id, recipient_customer_id, channel, status, due_at, sent_at, last_error, attempts, created_at)
    select ${ws}, m.id, m.conversation_id,
           case when m.author_kind = 'customer' or p.customer_id is null then p.team[((m.seq + 1) % cardinality(p.team)) + 1] end,
           case when m.author_kind = 'user' and p.customer_id is not null then p.customer_id end,
           'email', (case when m.seq % 10 = 0 then 'sent' else 'cancelled' end)::delivery_status,
           m.created_at + interval '1 minute',
           case when m.seq % 10 = 0 then m.created_at + interval '1 minute' end,
           case when m.seq % 10 <> 0 then 'seen' end, case when m.seq % 10 = 0 then 1 else 0 end, m.created_at
    from messages m join bench_people p on p.id = m.conversation_id
    where m.workspace_id = ${ws} and m.seq % 5 = 0 and cardinality(p.team) > 0
      and (m.author_kind = 'customer' or p.customer_id is not null or cardinality(p.team) > 1)
    `,
  );
  for (const index of indexes) {
    const t = performance.now();
    await db.execute(sql.raw(index.indexdef));
    log(`  index ${index.indexname}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }

  // Participants, with their list columns as a send would have left them.
  await step(
    "participants",
    sql`
    insert into participants (workspace_id, conversation_id, user_id, customer_id, kind, on_item, last_read_seq, latest_seq, last_message_at, has_sent, has_received, created_at)
    select ${ws}, t.id, who.user_id, who.customer_id, t.kind, t.on_item,
           case when random() < 0.9 then t.length else greatest(0, t.length - 1 - floor(random() * 3)::int) end,
           t.length, t.last_at, false, false, t.first_at
    from bench_threads t join bench_people p using (n)
    cross join lateral (
      select unnest(p.team) as user_id, null::uuid as customer_id
      union all select null, p.customer_id where p.customer_id is not null) as who`,
  );
  await step(
    "participants' sent and received flags",
    sql`
    update participants set has_sent = a.wrote > 0, has_received = a.wrote < t.length
    from (select conversation_id, coalesce(author_user_id, author_customer_id) as person, count(*) as wrote
          from messages where workspace_id = ${ws} group by 1, 2) a,
         bench_threads t
    where participants.conversation_id = a.conversation_id and t.id = participants.conversation_id
      and a.person = coalesce(participants.user_id, participants.customer_id)`,
  );
  await step(
    "participants who never wrote",
    sql`update participants set has_received = true
        where workspace_id = ${ws} and not has_sent and latest_seq > 0`,
  );

  for (const table of ["bench_members", "bench_customers", "bench_threads", "bench_people", "bench_bodies"])
    await db.execute(sql.raw(`drop table ${table}`));
  await step("vacuum analyze", sql`vacuum analyze`);
  const [counts] = await rowsOf<Record<string, number>>(
    db,
    sql`select (select count(*) from messages)::int as messages, (select count(*) from participants)::int as participants,
               (select count(*) from deliveries)::int as deliveries, (select count(*) from conversations)::int as conversations,
               ${GENERATOR_VERSION}::int as version,
               (select count(*) from participants p join users u on u.id = p.user_id
                where u.email = ${INBOX_MEMBER} and p.kind = 'internal' and not p.on_item and p.has_received)::int as inbox`,
  );
  await db.execute(
    sql`create table bench_data_set (scale text not null, generated_at timestamptz not null default now(), counts jsonb)`,
  );
  await db.execute(
    sql`insert into bench_data_set (scale, counts) values (${scale.name}, ${JSON.stringify(counts)})`,
  );
  log(
    `  generated in ${((performance.now() - started) / 1000).toFixed(0)} s: ${Object.entries(counts ?? {})
      .map(([key, value]) => `${value.toLocaleString("en")} ${key}`)
      .join(", ")}`,
  );
}
