import { getConnection } from "@/db";
import { getEnv } from "@/lib/env";
import { type Hub, pgliteSource, postgresSource, startHub } from "./hub";

const globalForHub = globalThis as unknown as { realtimeHub?: Promise<Hub> };

/** This process's hub, started on first use: on the embedded PGlite, or a LISTEN connection to Postgres. */
export function getHub(): Promise<Hub> {
  globalForHub.realtimeHub ??= (async () => {
    const env = getEnv();
    if (env.DATABASE_URL) return (await startHub(postgresSource(env.DATABASE_URL))).hub;
    const { pglite } = await getConnection();
    if (!pglite) throw new Error("embedded database without PGlite");
    return (await startHub(pgliteSource(pglite))).hub;
  })().catch((error) => {
    globalForHub.realtimeHub = undefined;
    throw error;
  });
  return globalForHub.realtimeHub;
}
