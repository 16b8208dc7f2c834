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
  return connection;
}
