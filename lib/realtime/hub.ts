import type { PGlite } from "@electric-sql/pglite";
import { Client } from "pg";
import type { RealtimeEvent } from "./events";
import { NOTIFY_CHANNEL, parseNotification } from "./notify";

type Subscriber = { channels: Set<string>; onEvent: (event: RealtimeEvent) => void; onResync: () => void };

/**
 * Starts listening and calls `onPayload` for every notification, `onReconnect` after the
 * connection came back (NOTIFY is not durable: whatever was sent meanwhile is lost). Returns stop().
 */
export type ListenSource = (
  onPayload: (payload: string) => void,
  onReconnect: () => void,
) => Promise<() => Promise<void>>;

/**
 * One LISTEN per process, fanned out in memory to every open stream by channel name.
 * Every app instance runs its own hub on the same database, so each delivers every event.
 */
export class Hub {
  private readonly subscribers = new Set<Subscriber>();

  deliver(payload: string) {
    const event = parseNotification(payload);
    if (!event) return;
    for (const subscriber of this.subscribers) {
      if (subscriber.channels.has(event.channel)) subscriber.onEvent(event);
    }
  }

  resync() {
    for (const subscriber of this.subscribers) subscriber.onResync();
  }

  subscribe(channels: string[], onEvent: Subscriber["onEvent"], onResync: Subscriber["onResync"]) {
    const subscriber = { channels: new Set(channels), onEvent, onResync };
    this.subscribers.add(subscriber);
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  get size() {
    return this.subscribers.size;
  }
}

export async function startHub(source: ListenSource): Promise<{ hub: Hub; stop: () => Promise<void> }> {
  const hub = new Hub();
  const stop = await source(
    (payload) => hub.deliver(payload),
    () => hub.resync(),
  );
  return { hub, stop };
}

/** The embedded database: PGlite's in-process LISTEN. */
export function pgliteSource(pglite: PGlite): ListenSource {
  return async (onPayload) => pglite.listen(NOTIFY_CHANNEL, onPayload);
}

/**
 * A Postgres server: a dedicated connection (a pooled one would be handed to other queries),
 * reconnected with exponential backoff when it drops.
 */
export function postgresSource(connectionString: string): ListenSource {
  return async (onPayload, onReconnect) => {
    let client: Client | undefined;
    let stopped = false;

    const connect = async (): Promise<void> => {
      for (let attempt = 0; !stopped; attempt++) {
        const candidate = new Client({ connectionString });
        try {
          candidate.on("notification", (message) => {
            if (!stopped && message.channel === NOTIFY_CHANNEL && message.payload) onPayload(message.payload);
          });
          // An error is followed by "end", which reconnects.
          candidate.on("error", (error) => console.error("Realtime LISTEN connection error:", error.message));
          candidate.on("end", () => {
            if (stopped || client !== candidate) return;
            client = undefined;
            void connect().then(() => !stopped && onReconnect());
          });
          await candidate.connect();
          await candidate.query(`listen ${NOTIFY_CHANNEL}`);
          // stop() was called while this connection was being made: it must not outlive it.
          if (stopped) {
            await candidate.end();
            return;
          }
          client = candidate;
          return;
        } catch (error) {
          await candidate.end().catch(() => {});
          const delay = Math.min(30_000, 250 * 2 ** attempt);
          console.error(`Realtime LISTEN failed (${(error as Error).message}); retrying in ${delay} ms`);
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    };

    await connect();
    return async () => {
      stopped = true;
      await client?.end();
    };
  };
}
