import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sessionEndedEvents } from "./channels";
import type { RealtimeDriver } from "./driver";
import type { RealtimeEvent } from "./events";

/** The Postgres channel every app instance LISTENs on. */
export const NOTIFY_CHANNEL = "helpdesk_realtime";

// NOTIFY payloads must stay under 8,000 bytes; ours are ids and a 140-character preview.
const MAX_PAYLOAD = 7_900;

/** The built-in driver: NOTIFY, which every instance listening on this database receives. */
export function notifyDriver(db: Db): RealtimeDriver {
  const driver: RealtimeDriver = {
    name: "builtin",
    // Every instance's hub hears it, and each stream opened with one of these sessions closes.
    endSessions: (sessionIds) => driver.publish(sessionEndedEvents(sessionIds)),
    async publish(events) {
      if (events.length === 0) return;
      const payloads = events.map((event) => JSON.stringify(event));
      const tooLarge = payloads.find((payload) => Buffer.byteLength(payload) > MAX_PAYLOAD);
      if (tooLarge) throw new Error(`realtime payload over ${MAX_PAYLOAD} bytes: ${tooLarge.slice(0, 80)}…`);
      // One round trip for all of them, in order.
      await db.execute(
        sql`select pg_notify(${NOTIFY_CHANNEL}, payload) from unnest(${sql.param(payloads)}::text[]) with ordinality as t(payload, n) order by n`,
      );
    },
  };
  return driver;
}

export function parseNotification(payload: string): RealtimeEvent | null {
  try {
    const event = JSON.parse(payload) as RealtimeEvent;
    return typeof event.channel === "string" && typeof event.name === "string" ? event : null;
  } catch {
    return null;
  }
}
