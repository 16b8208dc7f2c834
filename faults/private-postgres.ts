/**
 * A throwaway Postgres cluster of the test's own, for faults that restart or stop the server: the
 * machine's shared Postgres (DATABASE_URL) serves other test files at the same time and must
 * never go down. It lives in a temporary folder, listens on a free port on 127.0.0.1, and keeps
 * its Unix socket in that folder too, so it clashes with nothing.
 */
import { execFile } from "node:child_process";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
/** Debian's Postgres 15; PG_BIN names another installation's bin folder. */
const BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

export type PrivatePostgres = {
  /** The cluster's `postgres` database, as the superuser `postgres` (trust auth). */
  url: string;
  /** Restarts the server, `immediate` (a crash, then recovery) or `fast`; resolves once it accepts connections. */
  restart(mode?: "fast" | "immediate"): Promise<void>;
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>;
};

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const folder = await mkdtemp(path.join(tmpdir(), "private-postgres-"));
  const data = path.join(folder, "data");
  const log = path.join(folder, "postgres.log");
  // Postgres refuses to run as root: as root, the cluster belongs to the `postgres` OS user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = async (flag: string) => Number((await run("id", [flag, "postgres"])).stdout.trim());
    await chown(folder, await id("-u"), await id("-g"));
  }
  const postgres = (tool: string, args: string[]) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", path.join(BIN, tool), ...args])
      : run(path.join(BIN, tool), args);
  // `-l` on every pg_ctl call that starts the server: otherwise the server would hold pg_ctl's
  // output pipe open, and execFile would wait for it forever.
  const pgCtl = (...args: string[]) => postgres("pg_ctl", ["-D", data, "-l", log, "-w", ...args]);

  const port = await freePort();
  try {
    await postgres("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "--no-instructions"]);
    // fsync off: a process crash (immediate mode) still loses nothing, only a machine crash would.
    await pgCtl("-o", `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off`, "start");
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    // pg_ctl restart starts the server again with the options it was started with.
    restart: async (mode = "immediate") => {
      await pgCtl("-m", mode, "restart");
    },
    stop: async () => {
      try {
        await pgCtl("-m", "immediate", "stop");
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
  };
}

/** A TCP port nobody listens on now: the system picks it, and it is let go at once. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no TCP port was given");
  return address.port;
}
