import Pusher from "pusher";
import type { PusherConfig } from "@/lib/env";
import type { RealtimeDriver } from "./driver";

export function pusherClient(config: PusherConfig) {
  const common = {
    appId: config.appId,
    key: config.key,
    secret: config.secret,
    useTLS: config.useTLS,
    timeout: 5_000,
  };
  // A host (Soketi, or a test's fake) wins over a cluster name.
  return config.host
    ? new Pusher({ ...common, host: config.host, port: config.port ? String(config.port) : undefined })
    : new Pusher({ ...common, cluster: config.cluster ?? "mt1" });
}

/**
 * Soketi (1.6, on the uWebSockets build the registry has) answers a refusal, such as a wrong
 * secret, with status 200 and `{"error": …, "code": 401}` in the body, which the SDK takes for
 * success: the body is read too, so a refusal is an error on either server, never a silent loss.
 */
async function refusedIn(response: { status: number; json(): Promise<unknown> }) {
  const body = (await response.json().catch(() => null)) as { error?: unknown; code?: unknown } | null;
  if (body && typeof body === "object" && "error" in body)
    throw Object.assign(new Error(`The realtime server refused the call: ${String(body.error)}`), {
      status: Number(body.code) || response.status,
    });
}

// Pusher's HTTP API takes at most ten events in one batch call.
const BATCH = 10;

export function pusherDriver(config: PusherConfig): RealtimeDriver {
  const pusher = pusherClient(config);
  return {
    name: "pusher",
    /**
     * Each connection signed in (pusher-js `signin()`, app/api/realtime/user-auth) as the session's
     * id is dropped by Pusher itself. With "authorized connections" on, a connection that never
     * signs in is dropped after 30 s, so none can stay subscribed past its session.
     */
    async endSessions(sessionIds) {
      await Promise.all(sessionIds.map(async (id) => refusedIn(await pusher.terminateUserConnections(id))));
    },
    async publish(events) {
      for (let i = 0; i < events.length; i += BATCH) {
        await refusedIn(
          await pusher.triggerBatch(
            events
              .slice(i, i + BATCH)
              .map((event) => ({ channel: event.channel, name: event.name, data: event.data })),
          ),
        );
      }
    },
  };
}
