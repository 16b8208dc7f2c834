/**
 * Throughput of the email fallback sweep, into a local fake of Resend's HTTP API.
 *   npm run bench:email                                   # embedded PGlite
 *   DATABASE_URL=postgres://… npm run bench:email -- --history 1000000
 * 10,000 due deliveries for 2,000 recipients (5 unseen messages each, so 2,000 emails), with
 * `--history` delivered rows beside them to show the claim does not slow down with history.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { createTestDb, createWorkspace } from "@/db/testing";
import { resendDriver } from "@/lib/email/driver";
import { runEmailSweep } from "@/lib/notifications/email-sweep";

const { values } = parseArgs({
  options: {
    recipients: { type: "string", default: "2000" },
    perRecipient: { type: "string", default: "5" },
    history: { type: "string", default: "0" },
  },
});
const recipients = Number(values.recipients);
const perRecipient = Number(values.perRecipient);
const history = Number(values.history);

// The fake Resend runs in its own process, as the real one would: its work is not ours.
const fakeProcess = spawn(process.execPath, ["--import", "tsx", "scripts/fake-resend.ts", "--no-html"], {
  stdio: ["ignore", "pipe", "inherit"],
});
const [fakeUrl] = (await once(fakeProcess.stdout, "data")) as [Buffer];
process.env.RESEND_BASE_URL = fakeUrl.toString().trim();
const driver = resendDriver({ apiKey: "re_bench", from: "Bench <bench@acme.test>" });

const connection = await createTestDb();
const { db } = connection;
const due = new Date("2026-01-01T00:00:00Z");

/** A workspace of `count` recipients, each in a conversation with one sender and `perRecipient` unseen messages. */
async function seedRecipients(slug: string, count: number) {
  const workspace = await createWorkspace(connection, { slug, team: ["Sam Sender"] });
  const sender = workspace.team[0]?.id as string;
  const ws = workspace.workspace.id;
  await db.execute(sql`
    insert into users (workspace_id, name, email)
    select ${ws}, 'Recipient ' || n, 'r' || n || '@' || ${slug} || '.test' from generate_series(1, ${count}) n`);
  await db.execute(sql`
    insert into conversations (workspace_id, kind, created_by_user_id, last_message_seq, last_message_at)
    select ${ws}, 'internal', ${sender}, ${perRecipient}, ${due} from generate_series(1, ${count})`);
  await db.execute(sql`
    with numbered as (select id, row_number() over () as n from conversations where workspace_id = ${ws}),
         people as (select id, row_number() over () as n from users where workspace_id = ${ws} and id <> ${sender})
    insert into participants (workspace_id, conversation_id, kind, user_id, latest_seq, last_read_seq, has_received)
    select ${ws}, c.id, 'internal', p.id, ${perRecipient}, 0, true from numbered c join people p using (n)`);
  await db.execute(sql`
    insert into messages (workspace_id, conversation_id, seq, author_kind, author_user_id, body, created_at)
    select ${ws}, c.id, s, 'user', ${sender}, 'Benchmark message ' || s, ${due}
    from conversations c cross join generate_series(1, ${perRecipient}) s where c.workspace_id = ${ws}`);
  await db.execute(sql`
    insert into deliveries (workspace_id, message_id, conversation_id, recipient_user_id, channel, due_at)
    select ${ws}, m.id, m.conversation_id, p.user_id, 'email', ${due}
    from messages m join participants p on p.conversation_id = m.conversation_id and p.user_id <> ${sender}
    where m.workspace_id = ${ws}`);
  // Addresses the workspace has emailed before, as in a workspace in use: the hourly quota of new
  // addresses (lib/email/new-address-quota.ts) would hold all but 20 back, and is not what this measures.
  await db.execute(sql`
    insert into workspace_email_recipients (workspace_id, email, first_emailed_at)
    select ${ws}, email, timestamptz '2025-01-01' from users where workspace_id = ${ws}`);
  return { sender, ws };
}

const sweepAll = async () => {
  let emails = 0;
  for (;;) {
    const outcome = await runEmailSweep(db, { driver, now: new Date(), appUrl: "http://app.test" });
    emails += outcome.sent;
    if (outcome.emails === 0 && outcome.sent === 0) return emails;
  }
};

// A long-running server is warm: sweep a small workspace first, untimed, so that the figure is
// the steady state rather than the JIT compiling React and the driver on the first emails.
const receivedByFake = async () =>
  ((await (await fetch(`${process.env.RESEND_BASE_URL}/__emails`)).json()) as unknown[]).length;
await seedRecipients("warmup", 200);
await sweepAll();
const warmupEmails = await receivedByFake();

let started = performance.now();
const { sender, ws } = await seedRecipients("bench", recipients);
if (history > 0) {
  // Delivered long ago: one busy conversation whose messages reached every recipient.
  const rounds = Math.ceil(history / recipients);
  await db.execute(sql`
    with convo as (
      insert into conversations (workspace_id, kind, created_by_user_id, last_message_seq)
      values (${ws}, 'internal', ${sender}, ${rounds}) returning id),
    old as (
      insert into messages (workspace_id, conversation_id, seq, author_kind, author_user_id, body, created_at)
      select ${ws}, convo.id, s, 'user', ${sender}, 'old', timestamptz '2025-01-01' from convo, generate_series(1, ${rounds}) s
      returning id, conversation_id)
    insert into deliveries (workspace_id, message_id, conversation_id, recipient_user_id, channel, due_at, status)
    select ${ws}, old.id, old.conversation_id, u.id, 'email', timestamptz '2025-01-01', 'sent'
    from old cross join (select id from users where workspace_id = ${ws} and id <> ${sender}) u`);
}
await db.execute(sql`analyze`);
const count = async (status: "pending" | "done") =>
  (
    (await db.execute(sql`
      select count(*)::int as n from deliveries
      where workspace_id = ${ws} and (status = 'pending') = ${status === "pending"}`)) as unknown as {
      rows: { n: number }[];
    }
  ).rows[0]?.n;
console.log(`driver: ${process.env.DATABASE_URL ? "postgres" : "pglite"}`);
console.log(
  `seeded ${await count("pending")} due deliveries for ${recipients} recipients, ${await count("done")} delivered, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

// The sweep's claim (lib/notifications/claim-deliveries.ts).
const plan = (await db.execute(sql`
  explain analyze select recipient_user_id, conversation_id from deliveries
  where channel = 'email' and status = 'pending' and due_at <= now()
  order by due_at limit 1000 for update skip locked`)) as unknown as { rows: { "QUERY PLAN": string }[] };
console.log("claim query plan:");
for (const row of plan.rows) console.log(`  ${row["QUERY PLAN"]}`);

started = performance.now();
const emails = await sweepAll();
const seconds = (performance.now() - started) / 1000;
const received = (await receivedByFake()) - warmupEmails;
console.log(
  `swept: ${emails} emails (${received} received by the fake Resend) in ${seconds.toFixed(1)} s = ${(emails / seconds).toFixed(0)} emails/s`,
);
fakeProcess.kill();
await connection.close();
