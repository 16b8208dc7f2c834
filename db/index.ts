import { sql } from "drizzle-orm";
import { getEnv } from "@/lib/env";
import { type Connection, openPglite, openPostgres } from "./client";
import { seedDemoIfEmpty } from "./seed-demo";

export type { Db } from "./client";

// Kept on globalThis: `next dev` re-evaluates modules on edits, and the embedded database
// must be opened once per process (two PGlite instances on one folder corrupt it).
const globalForDb = globalThis as unknown as { helpdeskDb?: Promise<Connection> };

/** The one database client. Opened on first use, never at import, so `next build` workers do not race. */
export async function getDb() {
  return (await getConnection()).db;
}

/** The connection behind getDb(), for what needs the driver itself (PGlite's LISTEN). */
export function getConnection(): Promise<Connection> {
  globalForDb.helpdeskDb ??= connect().catch((error) => {
    globalForDb.helpdeskDb = undefined; // let the next request try again
    throw error;
  });
  return globalForDb.helpdeskDb;
}

async function connect(): Promise<Connection> {
  const env = getEnv();
  if (env.DATABASE_URL) return openPostgres(env.DATABASE_URL);
  const connection = await openPglite(env.PGLITE_DIR);
  // The embedded database is for trying the product: give it the demo workspace on first start.
  await seedDemoIfEmpty(connection.db);
  keepStatisticsFresh(connection);
  return connection;
}

const ANALYZE_EVERY_MS = 3_600_000;

/**
 * PGlite runs no autovacuum, so nothing gathers the planner's statistics: without them it sorts a
 * whole list where an index would give one page (a page of /items took 105 ms instead of 1.7 ms at
 * 100,000 items). So: at start, then every hour. Postgres's autovacuum does this on its own.
 */
function keepStatisticsFresh({ db }: Connection) {
  const analyze = () =>
    db
      .execute(sql`analyze`)
      .catch((error) => console.error("Could not analyze the embedded database", error));
  void analyze();
  setInterval(analyze, ANALYZE_EVERY_MS).unref();
}
