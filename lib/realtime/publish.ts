import { getDb } from "@/db";
import { getEnv } from "@/lib/env";
import type { RealtimeDriver } from "./driver";
import type { RealtimeEvent } from "./events";
import { notifyDriver } from "./notify";
import { pusherDriver } from "./pusher-driver";

const globalForRealtime = globalThis as unknown as { realtimeDriver?: Promise<RealtimeDriver> };

/** Pusher when it is configured, else the built-in NOTIFY stream on the app's database. */
export function getRealtimeDriver(): Promise<RealtimeDriver> {
  globalForRealtime.realtimeDriver ??= (async () => {
    const { pusher } = getEnv();
    return pusher ? pusherDriver(pusher) : notifyDriver(await getDb());
  })();
  return globalForRealtime.realtimeDriver;
}

/** For tests and benchmarks: publish through this driver instead. */
export function setRealtimeDriver(driver: RealtimeDriver) {
  globalForRealtime.realtimeDriver = Promise.resolve(driver);
}

/** Runs `run` with every event going to `driver`, then puts back the driver before it. */
export async function withRealtimeDriver<T>(driver: RealtimeDriver, run: () => Promise<T>): Promise<T> {
  const previous = globalForRealtime.realtimeDriver;
  globalForRealtime.realtimeDriver = Promise.resolve(driver);
  try {
    return await run();
  } finally {
    globalForRealtime.realtimeDriver = previous;
  }
}

/**
 * Publishes after the data is committed. Never throws: a message is stored whether or not the
 * notification about it gets out, and clients catch up from the database.
 */
export async function publish(events: RealtimeEvent[]) {
  if (events.length === 0) return;
  try {
    await (await getRealtimeDriver()).publish(events);
  } catch (error) {
    console.error("Realtime publish failed; clients will catch up from the database.", error);
  }
}
