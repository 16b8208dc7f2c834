import { rmSync } from "node:fs";
import { sql } from "drizzle-orm";
import { Pool } from "pg";
import { type Connection, openPglite, openPostgres } from "@/db/client";
import { generateDataSet, generatedScale } from "./generate";
import type { Scale } from "./scales";

export type DataSetLocation = { kind: "postgres"; url: string } | { kind: "pglite"; dir: string };

/** Where a scale's data set lives: its own database on DATABASE_URL's server, or a PGlite folder. */
export function benchDatabase(scale: Scale): DataSetLocation {
  if (!process.env.DATABASE_URL) return { kind: "pglite", dir: `.data/bench-${scale.name}` };
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/helpdesk_bench_${scale.name}`;
  return { kind: "postgres", url: url.toString() };
}

/** Postgres with no statement limit: building an index over millions of rows takes minutes. */
const openUnbounded = (url: string, max: number) =>
  openPostgres(url, { max, timeouts: { connectMs: 10_000, statementMs: 0 } });

/** A connection to the data set, for the generator and the measures that read it directly. */
export function openDataSet(where: DataSetLocation, { max = 40 } = {}): Promise<Connection> {
  return where.kind === "postgres" ? openUnbounded(where.url, max) : openPglite(where.dir);
}

/** Runs `work` with the Postgres server's maintenance database. */
async function onServer(
  where: Extract<DataSetLocation, { kind: "postgres" }>,
  work: (admin: Pool) => Promise<void>,
) {
  const server = new URL(where.url);
  server.pathname = "/postgres";
  const admin = new Pool({ connectionString: server.toString(), max: 1 });
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
}

async function startEmpty(where: DataSetLocation) {
  if (where.kind === "pglite") return rmSync(where.dir, { recursive: true, force: true });
  const name = new URL(where.url).pathname.slice(1);
  await onServer(where, async (admin) => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  });
}

/** The scale it holds, if it was generated to the end. */
async function generatedAt(where: DataSetLocation) {
  if (where.kind === "postgres") {
    let exists = false;
    const name = new URL(where.url).pathname.slice(1);
    await onServer(where, async (admin) => {
      exists = Boolean((await admin.query("select 1 from pg_database where datname = $1", [name])).rowCount);
    });
    if (!exists) return null;
  }
  const connection = await openDataSet(where, { max: 1 });
  try {
    return await generatedScale(connection.db);
  } finally {
    await connection.close();
  }
}

/**
 * The scale's data set, generated on first use and kept: later runs of the same scale start at
 * once. A data set that was not generated to the end, or BENCH_REGENERATE=1, starts over.
 */
export async function prepareDataSet(scale: Scale, log: (line: string) => void) {
  const where = benchDatabase(scale);
  const label = where.kind === "postgres" ? where.url : where.dir;
  if (!process.env.BENCH_REGENERATE && (await generatedAt(where)) === scale.name) {
    log(`data set: ${scale.name} in ${label}, generated earlier (BENCH_REGENERATE=1 starts over)`);
    return where;
  }
  log(`data set: generating ${scale.name} into ${label}`);
  await startEmpty(where);
  // One session, so that the generator's seeded random draws are the same every time.
  const connection = await openDataSet(where, { max: 1 });
  try {
    // For this session only: the index builds over millions of rows sort in memory, not on disk.
    if (where.kind === "postgres") await connection.db.execute(sql`set maintenance_work_mem = '1GB'`);
    await generateDataSet(connection.db, scale, log);
  } finally {
    await connection.close();
  }
  return where;
}
