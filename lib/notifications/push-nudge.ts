const globalForNudge = globalThis as unknown as { pushSweepNow?: () => void };

/**
 * After a message commits: run the push sweep in this process now rather than at its next tick,
 * where the sweep timers run (sweep-timer.ts). A module of its own, with nothing to import, so
 * posting does not load the sweeps.
 */
export function nudgePushSweep() {
  globalForNudge.pushSweepNow?.();
}

/** The sweep timers say how to run the push sweep now. */
export function onPushNudge(run: () => void) {
  globalForNudge.pushSweepNow = run;
}
