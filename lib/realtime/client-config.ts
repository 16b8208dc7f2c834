import { getEnv } from "@/lib/env";

/** What the browser needs to connect, read at run time: switching drivers needs no rebuild. */
export type RealtimeClientConfig =
  | { driver: "builtin" }
  | { driver: "pusher"; key: string; cluster?: string; host?: string; port?: number; useTLS: boolean };

export function realtimeClientConfig(): RealtimeClientConfig {
  const { pusher } = getEnv();
  if (!pusher) return { driver: "builtin" };
  return {
    driver: "pusher",
    key: pusher.key,
    cluster: pusher.cluster,
    host: pusher.host,
    port: pusher.port,
    useTLS: pusher.useTLS,
  };
}
