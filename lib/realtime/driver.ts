import type { RealtimeEvent } from "./events";

/** Where published events go: Pusher (or Soketi), or the built-in Postgres NOTIFY stream. */
export type RealtimeDriver = {
  name: "pusher" | "builtin";
  publish(events: RealtimeEvent[]): Promise<void>;
  /** Closes every live connection opened with these sessions (they were signed out or revoked). */
  endSessions(sessionIds: string[]): Promise<void>;
};
