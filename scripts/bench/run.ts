/**
 * `npm run bench`: the product at scale, each figure beside its baseline from the same run.
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench   # BENCH_SCALE=small|default|large
 *   … npm run bench -- --check       # fails on a regression of more than 2× against BENCHMARKS.md
 * It generates the scale's data set once (scripts/bench/generate.ts), starts the production server
 * on it (`next start`, building first if there is no build), measures BENCH_RUNS times (3), prints
 * each figure's median with its spread, and writes bench-results.json (one number per key).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/rows-of";
import { startInstance } from "@/e2e/fleet/app-instance";
import { benchDatabase, openDataSet, prepareDataSet } from "./database";
import { measureEmail } from "./email";
import { BENCH_PASSWORD, BENCH_SLUG, INBOX_MEMBER } from "./generate";
import { KEYS, type Key, regressions } from "./keys";
import { measurePageWeight } from "./page-weight";
import { measureRealtime } from "./realtime";
import { scaleFromEnv } from "./scales";
import { measureSend, measureSendBaseline, prepareSenders } from "./send";
import { median, peakRssMb } from "./stats";
import { measureInboxQuery, measurePages, prepareInbox } from "./views";

const { values: options } = parseArgs({ options: { check: { type: "boolean", default: false } } });
const scale = scaleFromEnv();
const runs = Number(process.env.BENCH_RUNS ?? 3);
const log = (line: string) => console.log(line);

const where = benchDatabase(scale);
if (where.kind !== "postgres")
  throw new Error(
    "npm run bench measures on Postgres: set DATABASE_URL to a server it may create databases on",
  );
await prepareDataSet(scale, log);
if (!existsSync(".next/BUILD_ID")) {
  log("no production build: building (next build)");
  execFileSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, DATABASE_URL: "" } });
}

const data = await openDataSet(where);
const [postgres] = await rowsOf<{ version: string }>(
  data.db,
  sql`select current_setting('server_version') as version`,
);
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, Postgres ${postgres?.version}`;
log(`machine: ${machine}`);

const server = await startInstance((url) => ({
  NODE_ENV: "production",
  DATABASE_URL: where.url,
  APP_URL: url,
  AUTH_SECRET: "bench-auth-secret-at-least-32-characters",
  // The sweeps are measured on their own (email.ts); here they would only add noise.
  EMAIL_SWEEP_INTERVAL_SECONDS: "0",
  // 32 senders in a loop are far past what one person types: the per-person limit is not measured.
  MESSAGES_PER_MINUTE: "100000",
  // The built-in realtime driver and the outbox: nothing of the environment's may leak in.
  PUSHER_APP_ID: "",
  PUSHER_KEY: "",
  PUSHER_SECRET: "",
  RESEND_API_KEY: "",
}));
const pid = server.pid() as number;

const samples = new Map<Key, number[]>();
try {
  const senders = await prepareSenders(data.db, server.url, scale);
  const inbox = await prepareInbox(data.db, server.url);
  for (let run = 1; run <= runs; run++) {
    const started = performance.now();
    const figures: Partial<Record<Key, number>> = {
      ...(await measureSendBaseline(where.url, senders, scale)),
      ...(await measureSend(server.url, senders, scale)),
      ...(await measureInboxQuery(data.db, where.url, inbox)),
      ...(await measurePages(server.url, inbox)),
      ...(await measureRealtime(data.db, server.url, scale, senders[0]?.conversationId as string)),
      ...(await measurePageWeight({
        baseUrl: server.url,
        member: { email: INBOX_MEMBER, password: BENCH_PASSWORD },
        chatSlug: BENCH_SLUG,
      })),
      ...(await measureEmail(scale)),
    };
    figures.send_ratio = (figures.send_per_s ?? 0) / (figures.send_baseline_per_s ?? 1);
    figures.rss_mb = peakRssMb(pid);
    for (const [key, value] of Object.entries(figures) as [Key, number][])
      samples.set(key, [...(samples.get(key) ?? []), value]);
    log(`run ${run} of ${runs}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
} finally {
  await server.stop();
  await data.close();
}

const results = Object.fromEntries(
  KEYS.filter((key) => samples.has(key.key)).map((key) => [key.key, median(samples.get(key.key) ?? [])]),
) as Partial<Record<Key, number>>;
const format = (value: number | undefined) =>
  value === undefined ? "" : value >= 100 ? value.toFixed(0) : value.toPrecision(3);
log(`\n${scale.name} scale, median of ${runs} runs (spread: min to max)\n`);
log("| key | median | spread | target | baseline |");
log("|---|---|---|---|---|");
for (const key of KEYS) {
  const values = samples.get(key.key);
  if (!values) continue;
  const spread = `${format(Math.min(...values))} to ${format(Math.max(...values))}`;
  const baseline = key.baseline ? `${key.baseline}: ${format(results[key.baseline])}` : "";
  log(`| \`${key.key}\` | ${format(results[key.key])} | ${spread} | ${key.target} | ${baseline} |`);
}
writeFileSync("bench-results.json", `${JSON.stringify(results, null, 2)}\n`);
log("\nwritten: bench-results.json");

if (options.check) {
  const failures = regressions(results, readFileSync("BENCHMARKS.md", "utf8"), scale.name);
  for (const failure of failures) console.error(`regression: ${failure}`);
  if (failures.length > 0) process.exit(1);
  log(`no regression past 2× against BENCHMARKS.md's ${scale.name} figures`);
}
