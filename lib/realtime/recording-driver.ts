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
    clear() {
      events.length = 0;
    },
  };
}
