import type { RealtimeEvent } from "./events";

/** Where published events go: Pusher (or Soketi), or the built-in Postgres NOTIFY stream. */
export type RealtimeDriver = {
  name: "pusher" | "builtin";
  publish(events: RealtimeEvent[]): Promise<void>;
};
