import { getEnv } from "@/lib/env";
import { openPglite, openPostgres } from "./client";

/** For command-line scripts: the same database the app would use, opened and migrated. */
export function connectFromEnv() {
  const env = getEnv();
  return env.DATABASE_URL ? openPostgres(env.DATABASE_URL, { max: 2 }) : openPglite(env.PGLITE_DIR);
}
