import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { Pool } from "pg";
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

/** A pg Pool on a Postgres server. Migrated before it is returned. */
export async function openPostgres(
  connectionString: string,
  options: { max?: number } = {},
): Promise<Connection> {
  const pool = new Pool({ connectionString, max: options.max ?? 10 });
  // An idle connection the server drops (a restart, a terminated backend) must not crash the process;
  // the pool replaces it on the next query.
  pool.on("error", (error) => console.error("Postgres connection dropped:", error.message));
  await migrateWithLock(pool);
  const db = drizzleNodePg({ client: pool, schema });
  return { db: db as unknown as Db, close: () => pool.end() };
}

/** Many app instances may start at once; an advisory lock lets exactly one apply migrations. */
async function migrateWithLock(pool: Pool) {
  const client = await pool.connect();
  try {
    const lockDb = drizzleNodePg({ client, schema });
    await lockDb.execute(sql`select pg_advisory_lock(72707201)`);
    try {
      await migrateNodePg(lockDb, { migrationsFolder });
    } finally {
      await lockDb.execute(sql`select pg_advisory_unlock(72707201)`);
    }
  } finally {
    client.release();
  }
}
