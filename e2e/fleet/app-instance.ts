import { type ChildProcess, execFile, spawn } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { freePort, type SoketiNode } from "@/lib/realtime/start-soketi";

/** Shared by every instance of the fleet, as behind one load balancer: a session signed by one is good on all. */
const AUTH_SECRET = "fleet-auth-secret-shared-by-every-instance";

/** The Postgres server the fleet's databases live on. */
export const postgresServer = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** The address of one database on the fleet's Postgres server. */
export function databaseUrl(name: string) {
  const database = new URL(postgresServer);
  database.pathname = `/${name}`;
  return database.toString();
}

/** Drops and recreates a database, migrated and seeded with the demo workspace. */
export async function freshDatabase(name: string) {
  await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/fresh-database.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl(name) },
  });
}

/** An instance's environment: its own address, the shared database, Resend and realtime. */
export function instanceEnv({
  url,
  databaseUrl,
  fakeResendURL,
  soketi,
}: {
  url: string;
  databaseUrl: string;
  fakeResendURL: string;
  soketi?: Pick<SoketiNode, "app" | "port">;
}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    APP_URL: url,
    AUTH_SECRET,
    RESEND_API_KEY: "re_fleet_fake",
    RESEND_BASE_URL: fakeResendURL,
    EMAIL_FROM: "Acme Help <help@acme.test>",
    // The fake is not rate-limited; a real account's pace would slow the suite for nothing.
    EMAIL_REQUESTS_PER_SECOND: "1000",
    EMAIL_SWEEP_INTERVAL_SECONDS: "1",
    // As in the main suite: specs type faster than any person (playwright.config.ts).
    MESSAGES_PER_MINUTE: "1000",
    NEW_ADDRESSES_PER_HOUR: "1000",
    ...(soketi
      ? {
          PUSHER_APP_ID: soketi.app.appId,
          PUSHER_KEY: soketi.app.key,
          PUSHER_SECRET: soketi.app.secret,
          PUSHER_HOST: "127.0.0.1",
          PUSHER_PORT: String(soketi.port),
          PUSHER_USE_TLS: "false",
        }
      : { PUSHER_APP_ID: "", PUSHER_KEY: "", PUSHER_SECRET: "", PUSHER_HOST: "", PUSHER_PORT: "" }),
  };
}

/**
 * As `npm start` runs the server: with its heap bounded. Unbounded, V8 on a big machine lets
 * garbage pile up to 400 MB resident before collecting it; bounded, the same work peaks near 260 MB
 * (npm run bench: rss_mb).
 */
const HEAP = "--max-old-space-size=256";

export type AppInstance = {
  url: string;
  /** Stops it: SIGKILL is a crash (nothing of its own runs after it). */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
  /** Starts it again on the same port, with the same environment. */
  restart: () => Promise<void>;
  /** The server's process id (its memory is read from /proc by the benchmark). */
  pid: () => number | undefined;
};

/**
 * One more instance of the production build (`next start` on a free port), for a fault spec that
 * stops and starts it; resolves once it serves /login.
 */
export async function startInstance(
  env: (url: string) => Record<string, string>,
  { port }: { port?: number } = {},
): Promise<AppInstance> {
  const listenOn = port ?? (await freePort());
  const url = `http://127.0.0.1:${listenOn}`;
  let child: ChildProcess;
  let exited: Promise<void>;
  const start = async () => {
    const next = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
    // The heap bound `npm start` sets (package.json).
    child = spawn(process.execPath, [HEAP, next, "start", "-p", String(listenOn), "-H", "127.0.0.1"], {
      env: { ...process.env, ...env(url) },
      stdio: ["ignore", "ignore", "pipe"],
    });
    // Kept, not printed: a fault spec makes the instance log every failure it injects. Shown
    // only if the instance does not start.
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr = (stderr + String(chunk)).slice(-4_000);
    });
    exited = new Promise((resolve) => child.once("exit", () => resolve()));
    const deadline = Date.now() + 60_000;
    while (
      !(await fetch(`${url}/login`).then(
        (response) => response.ok,
        () => false,
      ))
    ) {
      if (child.exitCode !== null) throw new Error(`the instance on ${url} exited at start: ${stderr}`);
      if (Date.now() > deadline)
        throw new Error(`the instance on ${url} did not serve /login in 60 s: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  await start();
  return {
    url,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    restart: start,
    pid: () => child.pid,
  };
}
