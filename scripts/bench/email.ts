/**
 * The email fallback at volume, into the fake Resend in a process of its own (its work is not ours),
 * each measure on a fresh database of its own:
 * - the sweep: `sweepDeliveries` due deliveries, five unseen messages for each recipient (so one
 *   email per five deliveries), batched and sent by one instance's sweep;
 * - the drain: a backlog of `drainEmails` queued emails, sent by two sweeping processes into a fake
 *   that allows DRAIN_CAP requests a second, as a Resend account does. They share one pace
 *   (lib/email/send-pace.ts), so the provider refuses nothing and the backlog drains at the cap.
 * `npm run bench` runs them in a process of their own (`measureEmail`): it measures the views with
 * React's server build, and the emails are rendered with react-dom/server, which that build refuses.
 * On their own, printing their figures as JSON:
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres BENCH_SCALE=small npm run bench:email
 */
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { createTestDb, createWorkspace } from "@/db/testing";
import { MAX_BATCH, resendDriver } from "@/lib/email/driver";
import { queueEmails } from "@/lib/email/mailer";
import { runEmailSweep } from "@/lib/notifications/email-sweep";
import { type Scale, scaleFromEnv } from "./scales";

/** The provider's cap in the drain, in requests a second. */
const DRAIN_CAP = 10;
const UNSEEN_PER_RECIPIENT = 5;
const links = { appUrl: "http://app.test", secret: "bench-unsubscribe-secret" };

/** The fake Resend as its own process; `stop` ends it. */
async function startFakeProcess(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/fake-resend.ts", "--no-html", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await once(child.stdout, "data")) as [Buffer];
  const url = line.toString().trim();
  return {
    url,
    requests: async () =>
      (await (await fetch(`${url}/__requests`)).json()) as {
        status: number;
        receivedAt: string;
        emails: number;
      }[],
    stop: async () => {
      child.kill();
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}

/** A workspace of `count` recipients, each in a thread with one sender and five unseen messages due by email. */
async function seedDueDeliveries(
  connection: Awaited<ReturnType<typeof createTestDb>>,
  slug: string,
  count: number,
) {
  const { db } = connection;
  const due = new Date("2026-01-01T00:00:00Z");
  const workspace = await createWorkspace(connection, { slug, team: ["Sam Sender"] });
  const sender = workspace.team[0]?.id as string;
  const ws = workspace.workspace.id;
  await db.execute(sql`
    insert into users (workspace_id, name, email)
    select ${ws}, 'Recipient ' || n, 'r' || n || '@' || ${slug} || '.test' from generate_series(1, ${count}) n`);
  await db.execute(sql`
    insert into conversations (workspace_id, kind, created_by_user_id, last_message_seq, last_message_at)
    select ${ws}, 'internal', ${sender}, ${UNSEEN_PER_RECIPIENT}, ${due} from generate_series(1, ${count})`);
  await db.execute(sql`
    with numbered as (select id, row_number() over () as n from conversations where workspace_id = ${ws}),
         people as (select id, row_number() over () as n from users where workspace_id = ${ws} and id <> ${sender})
    insert into participants (workspace_id, conversation_id, kind, user_id, latest_seq, last_read_seq, has_received)
    select ${ws}, c.id, 'internal', p.id, ${UNSEEN_PER_RECIPIENT}, 0, true from numbered c join people p using (n)`);
  await db.execute(sql`
    insert into messages (workspace_id, conversation_id, seq, author_kind, author_user_id, body, created_at)
    select ${ws}, c.id, s, 'user', ${sender}, 'Benchmark message ' || s, ${due}
    from conversations c cross join generate_series(1, ${UNSEEN_PER_RECIPIENT}) s where c.workspace_id = ${ws}`);
  await db.execute(sql`
    insert into deliveries (workspace_id, message_id, conversation_id, recipient_user_id, channel, due_at)
    select ${ws}, m.id, m.conversation_id, p.user_id, 'email', ${due}
    from messages m join participants p on p.conversation_id = m.conversation_id and p.user_id <> ${sender}
    where m.workspace_id = ${ws}`);
  // Addresses the workspace has emailed before, as in a workspace in use: the hourly quota of new
  // addresses (lib/email/new-address-quota.ts) would hold all but a few back, and is not measured here.
  await db.execute(sql`
    insert into workspace_email_recipients (workspace_id, email, first_emailed_at)
    select ${ws}, email, timestamptz '2025-01-01' from users where workspace_id = ${ws}`);
  await db.execute(sql`analyze`);
}

/** One instance's sweep: due deliveries to sent emails, in emails a second. */
export async function measureSweep(scale: Scale) {
  const fake = await startFakeProcess([]);
  const connection = await createTestDb();
  try {
    const driver = resendDriver({ apiKey: "re_bench", from: "Bench <bench@bench.test>", baseUrl: fake.url });
    const sweepAll = async () => {
      let sent = 0;
      for (;;) {
        const outcome = await runEmailSweep(connection.db, { driver, now: new Date(), ...links });
        sent += outcome.sent;
        if (outcome.emails === 0 && outcome.sent === 0) return sent;
      }
    };
    // A running server is warm: a small sweep first, untimed, so that the figure is the steady
    // state rather than the JIT compiling the templates and the driver.
    await seedDueDeliveries(connection, "warmup", 200);
    await sweepAll();
    await seedDueDeliveries(connection, "bench", scale.sweepDeliveries / UNSEEN_PER_RECIPIENT);
    const started = performance.now();
    const sent = await sweepAll();
    const seconds = (performance.now() - started) / 1000;
    if (sent !== scale.sweepDeliveries / UNSEEN_PER_RECIPIENT)
      throw new Error(`the sweep sent ${sent} emails, not ${scale.sweepDeliveries / UNSEEN_PER_RECIPIENT}`);
    return { sweep_emails_per_s: sent / seconds };
  } finally {
    await connection.close();
    await fake.stop();
  }
}

/** Two sweeping processes drain a backlog into a capped provider: its refusals, and the time against the cap's. */
export async function measureDrain(scale: Scale) {
  const fake = await startFakeProcess(["--requests-per-second", String(DRAIN_CAP)]);
  const connection = await createTestDb();
  try {
    await queueEmails(
      connection.db,
      Array.from({ length: scale.drainEmails }, (_, n) => ({
        to: `customer-${n}@bench.test`,
        subject: "Backlog",
        html: "<p>Backlog</p>",
        text: "Backlog",
      })),
    );
    const sweepers = [0, 1].map(() =>
      spawn(process.execPath, ["--import", "tsx", "scripts/bench/email-drainer.ts"], {
        stdio: "inherit",
        env: {
          ...process.env,
          DATABASE_URL: connection.url,
          RESEND_BASE_URL: fake.url,
          DRAIN_CAP: String(DRAIN_CAP),
        },
      }),
    );
    const codes = await Promise.all(sweepers.map(async (child) => (await once(child, "exit"))[0]));
    if (codes.some((code) => code !== 0)) throw new Error(`a draining process failed: exit codes ${codes}`);
    const requests = await fake.requests();
    const delivered = requests
      .filter(({ status }) => status === 200)
      .reduce((sum, { emails }) => sum + emails, 0);
    if (delivered !== scale.drainEmails)
      throw new Error(`the drain delivered ${delivered} of ${scale.drainEmails}`);
    const times = requests.map(({ receivedAt }) => Date.parse(receivedAt));
    const batches = Math.ceil(scale.drainEmails / MAX_BATCH);
    return {
      drain_429s: requests.filter(({ status }) => status === 429).length,
      // From the first request to the last one's turn ending: n requests' worth of time.
      drain_s: (Math.max(...times) - Math.min(...times)) / 1000 + 1 / DRAIN_CAP,
      drain_cap_s: batches / DRAIN_CAP,
    };
  } finally {
    await connection.close();
    await fake.stop();
  }
}

/** Both measures, in a process of their own (see above). */
export async function measureEmail(scale: Scale) {
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", import.meta.filename], {
    env: { ...process.env, BENCH_SCALE: scale.name, NODE_ENV: "production" },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Awaited<ReturnType<typeof measureSweep>> &
    Awaited<ReturnType<typeof measureDrain>>;
}

if (process.argv[1] === import.meta.filename) {
  const scale = scaleFromEnv();
  console.log(JSON.stringify({ ...(await measureSweep(scale)), ...(await measureDrain(scale)) }));
}
