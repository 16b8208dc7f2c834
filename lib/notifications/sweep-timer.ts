import { getDb } from "@/db";
import { getEnv } from "@/lib/env";
import { runEmailSweep } from "./email-sweep";
import { pruneOldRecordsNowAndThen } from "./prune-old-records";
import { onPushNudge } from "./push-nudge";
import { runPushSweep } from "./push-sweep";

const globalForTimer = globalThis as unknown as { sweepTimer?: ReturnType<typeof setInterval> };

/**
 * Self-hosted (`next start`, `next dev`): run the email and push sweeps every
 * EMAIL_SWEEP_INTERVAL_SECONDS in this process (0 turns them off), and prune ended rate-limit
 * windows now and then. Once per process; a run of each never overlaps the one before. A push is
 * due at once, so a new message nudges the push sweep too (push-nudge.ts).
 */
export function startSweepTimers() {
  const seconds = getEnv().EMAIL_SWEEP_INTERVAL_SECONDS;
  if (seconds === 0 || globalForTimer.sweepTimer) return;
  const emails = oneAtATime("Email sweep", async () => {
    const db = await getDb();
    await runEmailSweep(db);
    await pruneOldRecordsNowAndThen(db);
  });
  const pushes = oneAtATime("Push sweep", async () => {
    await runPushSweep(await getDb());
  });
  globalForTimer.sweepTimer = setInterval(() => {
    emails();
    pushes();
  }, seconds * 1000);
  globalForTimer.sweepTimer.unref();
  // A nudge while it runs makes it run once more when done, so none is missed.
  onPushNudge(pushes);
}

/** A job that never runs twice at once: asked while running, it runs once more afterwards. */
function oneAtATime(name: string, job: () => Promise<void>) {
  let running = false;
  let again = false;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await job();
      } while (again);
    } catch (error) {
      console.error(`${name} failed; it will run again.`, error);
    } finally {
      running = false;
    }
  };
  return () => void run();
}
