import { getDb } from "@/db";
import { getEnv } from "@/lib/env";
import { runEmailSweep } from "./email-sweep";
import { pruneOldRecordsNowAndThen } from "./prune-old-records";

const globalForTimer = globalThis as unknown as { emailSweepTimer?: ReturnType<typeof setInterval> };

/**
 * Self-hosted (`next start`, `next dev`): run the sweep every EMAIL_SWEEP_INTERVAL_SECONDS in this
 * process (0 turns it off), and prune ended rate-limit windows now and then. Once per process; a
 * run never overlaps the previous one.
 */
export function startEmailSweepTimer() {
  const seconds = getEnv().EMAIL_SWEEP_INTERVAL_SECONDS;
  if (seconds === 0 || globalForTimer.emailSweepTimer) return;
  let running = false;
  globalForTimer.emailSweepTimer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const db = await getDb();
      await runEmailSweep(db);
      await pruneOldRecordsNowAndThen(db);
    } catch (error) {
      console.error("Email sweep failed; it will run again.", error);
    } finally {
      running = false;
    }
  }, seconds * 1000);
  globalForTimer.emailSweepTimer.unref();
}
