import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import path from "node:path";
import type { PusherConfig } from "@/lib/env";

/** A port nobody listens on now (the OS picks it), for a server the test starts next. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no free port");
  return address.port;
}

export type Soketi = {
  /** What the app's Pusher driver is given to publish to it (PUSHER_* in the environment). */
  config: PusherConfig & { host: string; port: number };
  /** Stops it, as a crash would (SIGKILL) or cleanly. */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

/** What a Soketi node is given to serve one app; with `redisPrefix`, it joins the nodes sharing it. */
export type SoketiNode = {
  app: { appId: string; key: string; secret: string };
  port: number;
  metricsPort: number;
  /** Nodes with the same prefix form a cluster over the Redis at 127.0.0.1:6379 (or REDIS_HOST/PORT). */
  redisPrefix?: string;
};

/** Soketi's settings for one node, as environment variables (its only configuration here). */
export function soketiEnv({ app, port, metricsPort, redisPrefix }: SoketiNode): Record<string, string> {
  return {
    SOKETI_HOST: "127.0.0.1",
    SOKETI_PORT: String(port),
    SOKETI_METRICS_SERVER_PORT: String(metricsPort),
    SOKETI_DEFAULT_APP_ID: app.appId,
    SOKETI_DEFAULT_APP_KEY: app.key,
    SOKETI_DEFAULT_APP_SECRET: app.secret,
    // Users sign in (pusher-js signin()), so that ending a session can drop its connections.
    SOKETI_DEFAULT_APP_USER_AUTHENTICATION: "true",
    // Soketi still carries the AWS SDK v2, which announces its end of support at every start.
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: "1",
    ...(redisPrefix
      ? {
          // Events, presence and "end this user's connections" cross nodes through Redis.
          SOKETI_ADAPTER_DRIVER: "redis",
          SOKETI_ADAPTER_REDIS_PREFIX: redisPrefix,
          SOKETI_DB_REDIS_HOST: process.env.REDIS_HOST ?? "127.0.0.1",
          SOKETI_DB_REDIS_PORT: process.env.REDIS_PORT ?? "6379",
        }
      : {}),
  };
}

/** The command that runs Soketi from the dev dependencies. */
export const soketiCommand = [
  process.execPath,
  path.join(process.cwd(), "node_modules", "@soketi", "soketi", "bin", "server.js"),
  "start",
];

/** An app id, key and secret of a test's own. */
export function newSoketiApp(): SoketiNode["app"] {
  return {
    appId: String(100_000 + Math.floor(Math.random() * 800_000)),
    key: `key-${randomBytes(6).toString("hex")}`,
    secret: randomBytes(24).toString("hex"),
  };
}

/**
 * Starts a real Soketi, the open-source Pusher-protocol server (installed from the registry, see
 * package.json's overrides), on free ports, with an app id, key and secret of its own (or the
 * given app's, to join other nodes of a cluster, or to come back as a stopped node did, on its
 * port); resolves once it answers /ready. For tests: the
 * Pusher driver, pusher-js and the app against the real thing.
 */
export async function startSoketi({
  app = newSoketiApp(),
  redisPrefix,
  port: givenPort,
}: {
  app?: SoketiNode["app"];
  redisPrefix?: string;
  port?: number;
} = {}): Promise<Soketi> {
  const [port, metricsPort] = [givenPort ?? (await freePort()), await freePort()];
  const config = { ...app, host: "127.0.0.1", port, useTLS: false };
  const [command = "", ...args] = soketiCommand;
  const child: ChildProcess = spawn(command, args, {
    env: { ...process.env, ...soketiEnv({ app, port, metricsPort, redisPrefix }) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Soketi exited at start: ${stderr.slice(-2000)}`);
    const ready = await fetch(`http://127.0.0.1:${port}/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`Soketi did not answer /ready in 20 s: ${stderr.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    config,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}
