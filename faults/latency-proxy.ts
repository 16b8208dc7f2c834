/**
 * A TCP proxy in front of a Postgres server that makes it slow or silent, for the slow-Postgres
 * faults: the app's pool (faults/slow-postgres.test.ts) and an app instance under a browser
 * (e2e/fleet/slow-postgres.spec.ts).
 */
import { createServer, connect as dial, type Socket } from "node:net";

export type LatencyProxy = {
  port: number;
  /** The same database URL, through the proxy. */
  url: (databaseUrl: string) => string;
  /** Added to every chunk in each direction from now on (a round trip costs twice this). */
  setLatency: (ms: number) => void;
  /** On: hold every byte both ways, as a server that hangs. Off: what was held goes on, in order. */
  stall: (on: boolean) => void;
  /**
   * Stall as soon as the app has sent a chunk holding `text`: the server receives it and acts on
   * it, but its answer is held. `stallAfter("commit")` is a send that commits and never hears so.
   */
  stallAfter: (text: string) => void;
  close: () => Promise<void>;
};

export async function startLatencyProxy({
  target,
  port = 0,
}: {
  target: { host: string; port: number };
  port?: number;
}): Promise<LatencyProxy> {
  let latencyMs = 0;
  let stallTrigger: string | undefined;
  // While stalled, every chunk waits on this promise; ending the stall resolves it.
  let stalled: { until: Promise<void>; end: () => void } | undefined;
  const sockets = new Set<Socket>();

  const stall = (on: boolean) => {
    if (on && !stalled) {
      let end = () => {};
      const until = new Promise<void>((resolve) => {
        end = resolve;
      });
      stalled = { until, end };
    } else if (!on && stalled) {
      stalled.end();
      stalled = undefined;
      stallTrigger = undefined;
    }
  };

  /**
   * One direction of a connection. Each chunk is written `latencyMs` after it arrived, and never
   * before the chunk ahead of it (a promise chain), so lowering the latency cannot reorder bytes.
   * No back-pressure: a test moves kilobytes, not gigabytes.
   */
  const relay = (from: Socket, to: Socket, { watch }: { watch: boolean }) => {
    let ahead = Promise.resolve();
    const then = (step: () => void) => {
      const due = Date.now() + latencyMs;
      ahead = ahead.then(async () => {
        const wait = due - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        while (stalled) await stalled.until;
        step();
      });
    };
    from.on("data", (chunk) =>
      then(() => {
        if (!to.destroyed) to.write(chunk);
        if (watch && stallTrigger && chunk.includes(stallTrigger)) stall(true);
      }),
    );
    // A close travels like the bytes before it (end() flushes them first): a stalled server hears
    // of it only after the stall.
    from.on("close", () => then(() => to.end()));
    from.on("error", () => {});
  };

  const server = createServer((app) => {
    const database = dial(target.port, target.host);
    for (const socket of [app, database]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    }
    relay(app, database, { watch: true });
    relay(database, app, { watch: false });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the latency proxy has no port");

  return {
    port: address.port,
    url: (databaseUrl) => {
      const url = new URL(databaseUrl);
      url.hostname = "127.0.0.1";
      url.port = String(address.port);
      return url.toString();
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    stall,
    stallAfter: (text) => {
      stallTrigger = text;
    },
    close: async () => {
      stall(false);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
