import { getEnv } from "@/lib/env";

/** What the browser needs to connect, read at run time: switching drivers needs no rebuild. */
export type RealtimeClientConfig =
  | { driver: "builtin" }
  | {
      driver: "pusher";
      key: string;
      cluster?: string;
      host?: string;
      port?: number;
      useTLS: boolean;
      /** Where the connection signs in as its session, so that ending the session closes it. */
      userAuthEndpoint: string;
    };

/** For the team's pages or a customer's chat: which session the connection signs in as. */
export function realtimeClientConfig(audience: "team" | "customer"): RealtimeClientConfig {
  const { pusher } = getEnv();
  if (!pusher) return { driver: "builtin" };
  return {
    driver: "pusher",
    key: pusher.key,
    cluster: pusher.cluster,
    host: pusher.host,
    port: pusher.port,
    useTLS: pusher.useTLS,
    userAuthEndpoint: `/api/realtime/user-auth?as=${audience}`,
  };
}
