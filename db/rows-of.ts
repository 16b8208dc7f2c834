import type { sql } from "drizzle-orm";
import type { Db } from "./client";

/** The rows a raw statement returns, on either driver (node-postgres or PGlite). */
export const rowsOf = async <T>(db: Db, query: ReturnType<typeof sql>) =>
  ((await db.execute(query)) as unknown as { rows: T[] }).rows;
