import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { Client, Pool, type PoolClient } from "pg";
import { type DatabaseTimeouts, databaseTimeouts } from "@/lib/env";
import * as schema from "./schema";

/** The database, whichever driver is behind it. A transaction is a Db too, so domain functions take either. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

export type Connection = { db: Db; close: () => Promise<void>; pglite?: PGlite };

/** PGlite in a folder (file-backed) or in memory (`dataDir` undefined). Migrated before it is returned. */
export async function openPglite(dataDir?: string): Promise<Connection> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = new PGlite(dataDir);
  const db = drizzlePglite({ client: pglite, schema });
  await migratePglite(db, { migrationsFolder });
  return { db: db as unknown as Db, close: () => pglite.close(), pglite };
}

/**
 * How much longer than the server's statement_timeout the client waits for any answer at all.
 * While the server is alive its own cancel comes first (a clean error, the connection kept); this
 * fires only when nothing comes back: a hung server or a cut network.
 */
export const ANSWER_MARGIN_MS = 2_000;

/**
 * The app never waits on anything but the database inside a transaction (side effects run after
 * commit), so one idle this long belongs to an instance that hung or lost its network. The server
 * ends it, freeing the rows it locked: a thread's row lock would otherwise hold every send to it.
 */
const IDLE_IN_TRANSACTION_MS = 60_000;

/**
 * A pg Pool on a Postgres server, migrated before it is returned. Nothing waits on it forever:
 * a connection within `connectMs`, a statement within `statementMs` (DATABASE_CONNECT_TIMEOUT_MS
 * and DATABASE_STATEMENT_TIMEOUT_MS unless given), so a hung database answers a request with an
 * error (lib/server-action.ts: database_unavailable) instead of holding it.
 */
export async function openPostgres(
  connectionString: string,
  options: { max?: number; timeouts?: DatabaseTimeouts } = {},
): Promise<Connection> {
  const { connectMs, statementMs } = options.timeouts ?? databaseTimeouts();
  // A connection of its own, without the statement bounds: a migration may build an index for
  // minutes, and another instance waits on the lock for as long.
  await migrateWithLock(new Client({ connectionString, connectionTimeoutMillis: connectMs }));
  const pool = new BoundedPool({
    connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: connectMs,
    // Sent with each connection's start-up, so they cost no round trip. 0 means no limit.
    statement_timeout: statementMs,
    query_timeout: statementMs && statementMs + ANSWER_MARGIN_MS,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
  });
  // An idle connection the server drops (a restart, a terminated backend) must not crash the process;
  // the pool replaces it on the next query.
  pool.on("error", (error) => console.error("Postgres connection dropped:", error.message));
  const db = drizzleNodePg({ client: pool, schema });
  return { db: db as unknown as Db, close: () => pool.end() };
}

/** Many app instances may start at once; an advisory lock lets exactly one apply migrations. */
async function migrateWithLock(client: Client) {
  // A connection lost midway fails the migration's query; the event alone would end the process.
  client.on("error", () => {});
  await client.connect();
  try {
    const lockDb = drizzleNodePg({ client, schema });
    await lockDb.execute(sql`select pg_advisory_lock(72707201)`);
    try {
      await migrateNodePg(lockDb, { migrationsFolder });
    } finally {
      await lockDb.execute(sql`select pg_advisory_unlock(72707201)`);
    }
  } finally {
    await client.end();
  }
}

type ConnectCallback = (
  error: Error | undefined,
  client: PoolClient | undefined,
  done: (release?: unknown) => void,
) => void;

/**
 * pg's Pool, repaired for a database that stops answering or drops a connection. On a
 * query_timeout pg answers the caller but keeps the connection waiting for the lost reply (its next
 * query queues behind it); a checked-out client whose connection drops emits an 'error' nobody
 * listens to, which ends the process; and drizzle's transaction never releases its client when its
 * `begin` fails. A stall would leak every connection, and the pool would not recover when the
 * database does. So a checked-out client that timed out or lost its connection leaves the pool at
 * once, and answers the queries still coming on it (drizzle's rollback) with the error that ended
 * it; releasing it again does nothing. pool.query() needs none of this: it listens, and releases
 * its client with the error, which drops it.
 */
class BoundedPool extends Pool {
  override connect(): Promise<PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback) {
    if (callback) return super.connect(callback);
    return super.connect().then(leavingWhenLost);
  }
}

function leavingWhenLost(client: PoolClient): PoolClient {
  const { release, query } = client;
  let lost: Error | undefined;
  let released = false;
  const leave = (error: Error) => {
    lost ??= error;
    client.release(error);
  };
  client.on("error", leave);
  client.release = (error) => {
    if (released) return;
    released = true;
    client.removeListener("error", leave);
    // Back in the pool as it came out; a lost client does not go back.
    if (!lost) client.query = query;
    release(error);
  };
  client.query = ((...args: unknown[]) => {
    if (lost) return Promise.reject(lost);
    const result: unknown = Reflect.apply(query, client, args);
    if (result instanceof Promise)
      result.catch((error: unknown) => {
        // pg gives its own timeout no code, only these words.
        if (!(error instanceof Error) || error.message !== "Query read timeout") return;
        leave(error);
        // Its answer may never come: close the socket rather than wait for the server to.
        client.connection.stream.destroy();
      });
    return result;
  }) as unknown as typeof query;
  return client;
}
