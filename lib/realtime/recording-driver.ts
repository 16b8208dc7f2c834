import { sessionEndedEvents } from "./channels";
import type { RealtimeDriver } from "./driver";
import type { RealtimeEvent } from "./events";

/** A driver that keeps what it is given: for tests that check who was told what. */
export function recordingDriver(): RealtimeDriver & { events: RealtimeEvent[]; clear(): void } {
  const events: RealtimeEvent[] = [];
  return {
    name: "builtin",
    events,
    async publish(batch) {
      events.push(...batch);
    },
    // As the built-in driver: an event on each session's channel, which its streams close on.
    async endSessions(sessionIds) {
      events.push(...sessionEndedEvents(sessionIds));
    },
    clear() {
      events.length = 0;
    },
  };
}
