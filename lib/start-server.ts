import { getEnv } from "./env";

/** Runs once when a Node server process starts (from instrumentation.ts). */
export function startServer() {
  try {
    getEnv();
  } catch (error) {
    // One clear line naming the variable, then stop: a half-configured server must not start.
    console.error((error as Error).message);
    process.exit(1);
  }
}
