import { getDb } from "@/db";
import { hashForUnknownUser } from "./auth/password";
import { getEnv } from "./env";
import { startSweepTimers } from "./notifications/sweep-timer";

/** Runs once when a Node server process starts (from instrumentation.ts). */
export async function startServer() {
  try {
    getEnv();
  } catch (error) {
    // One clear line naming the variable, then stop: a half-configured server must not start.
    console.error((error as Error).message);
    process.exit(1);
  }
  // Ready before the first sign-in, so an unknown email never pays for building it.
  void hashForUnknownUser();
  // Opens the database on its own first run, so it starts even if the database is not up yet.
  startSweepTimers();
  try {
    // Open the database now, so migrations (and the embedded demo seed) run at start, not on a first visit.
    await getDb();
  } catch (error) {
    // Not fatal: the database may come up later, and each request tries again.
    console.error("Could not open the database at start:", (error as Error).message);
  }
}
