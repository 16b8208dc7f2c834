"use client";

import type PusherClient from "pusher-js";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";
import type { RealtimeClientConfig } from "@/lib/realtime/client-config";
import { HEARTBEAT_INTERVAL_MS } from "@/lib/realtime/presence-timing";

export type ChannelListener = {
  onEvent: (name: string, data: unknown) => void;
  /** Events may have been missed (a dropped connection): fetch from the database. */
  onResync?: () => void;
};

type Registry = Map<string, Set<ChannelListener>>;
const RealtimeContext = createContext<((channel: string, listener: ChannelListener) => () => void) | null>(
  null,
);

/**
 * One live connection per tab, to every channel a component asked for: the built-in
 * Server-Sent Events stream or Pusher, as the server's configuration says. After a drop it
 * reconnects with backoff and tells each listener to catch up from the database.
 */
export function RealtimeProvider({
  config,
  heartbeat,
  children,
}: {
  config: RealtimeClientConfig;
  /** Presence: the server action that records this person as connected (team member or customer). */
  heartbeat: (input: Record<string, never>) => Promise<unknown>;
  children: ReactNode;
}) {
  const beat = useRef(heartbeat);
  beat.current = heartbeat;
  const registry = useRef<Registry>(new Map());
  const [channels, setChannels] = useState<string[]>([]);
  // The open connection and the channels it covers. A connection for a new set of channels
  // replaces the old one only once it is open, so no event falls in between.
  const current = useRef<Connection | null>(null);
  const covered = useRef(new Set<string>());

  const subscribe = useCallback((channel: string, listener: ChannelListener) => {
    const listeners = registry.current.get(channel) ?? new Set();
    listeners.add(listener);
    registry.current.set(channel, listeners);
    setChannels([...registry.current.keys()].sort());
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) registry.current.delete(channel);
      setChannels([...registry.current.keys()].sort());
    };
  }, []);

  useEffect(() => () => current.current?.close(), []);

  const key = channels.join(" ");
  // The layout hands a fresh config object on every server refresh; reconnect only if it really changed.
  const configKey = JSON.stringify(config);
  useEffect(() => {
    if (!key) return;
    const settings = JSON.parse(configKey) as RealtimeClientConfig;
    const wanted = key.split(" ");
    const dispatch = (channel: string, name: string, data: unknown) => {
      for (const listener of registry.current.get(channel) ?? []) listener.onEvent(name, data);
    };
    const resync = (names: string[]) => {
      for (const name of names)
        for (const listener of registry.current.get(name) ?? []) listener.onResync?.();
    };
    const onOpen = (afterDrop: boolean) => {
      // Catch up where events may have been missed: every channel after a drop; otherwise the
      // channels this connection adds (their data was loaded before they were listened to).
      resync(afterDrop ? wanted : wanted.filter((name) => !covered.current.has(name)));
      covered.current = new Set(wanted);
      if (current.current !== connection) current.current?.close();
      current.current = connection;
    };
    const sendHeartbeat = () => void beat.current({}).catch(() => {});
    const connection: Connection =
      settings.driver === "pusher"
        ? connectPusher(settings, wanted, dispatch, onOpen, sendHeartbeat)
        : connectBuiltin(wanted, dispatch, onOpen, () => resync(wanted), sendHeartbeat);
    // Until its replacement is open, the current connection stays.
    return () => {
      if (current.current !== connection) connection.close();
    };
  }, [key, configKey]);

  return <RealtimeContext.Provider value={subscribe}>{children}</RealtimeContext.Provider>;
}

/** Listen on a channel while the component is mounted; the latest listener is always the one called. */
export function useChannel(channel: string | null, listener: ChannelListener) {
  const subscribe = useContext(RealtimeContext);
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => {
    if (!subscribe || !channel) return;
    return subscribe(channel, {
      onEvent: (name, data) => latest.current.onEvent(name, data),
      onResync: () => latest.current.onResync?.(),
    });
  }, [subscribe, channel]);
}

type Dispatch = (channel: string, name: string, data: unknown) => void;

const EVENT_NAMES = ["message.new", "message.changed", "conversation.read", "typing", "conversation.status"];

type Connection = { close(): void };

function connectBuiltin(
  channels: string[],
  dispatch: Dispatch,
  onOpen: (afterDrop: boolean) => void,
  resync: () => void,
  heartbeat: () => void,
): Connection {
  let source: EventSource | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let opened = false;
  let closed = false;
  const stopHeartbeat = startHeartbeat(heartbeat);

  const open = () => {
    source = new EventSource(
      `/api/realtime/stream?${channels.map((c) => `channel=${encodeURIComponent(c)}`).join("&")}`,
    );
    source.addEventListener("open", () => {
      attempt = 0;
      onOpen(opened);
      opened = true;
    });
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (message) => {
        const { channel, data } = JSON.parse((message as MessageEvent<string>).data) as {
          channel: string;
          data: unknown;
        };
        dispatch(channel, name, data);
      });
    }
    source.addEventListener("resync", resync);
    source.addEventListener("error", () => {
      // The browser retries a dropped stream by itself; a refused one (403, 5xx) is closed for good.
      if (source?.readyState !== EventSource.CLOSED || closed) return;
      const delay = Math.min(30_000, 1_000 * 2 ** attempt++);
      retry = setTimeout(open, delay);
    });
  };
  open();
  return {
    close() {
      closed = true;
      clearTimeout(retry);
      source?.close();
      stopHeartbeat();
    },
  };
}

function connectPusher(
  config: Extract<RealtimeClientConfig, { driver: "pusher" }>,
  channels: string[],
  dispatch: Dispatch,
  onOpen: (afterDrop: boolean) => void,
  heartbeat: () => void,
): Connection {
  let pusher: PusherClient | undefined;
  let closed = false;
  // Loaded here, once a page connects with this driver: with the built-in one (the default) the
  // browser never downloads pusher-js (19 kB gzip).
  import("pusher-js").then(
    ({ default: Pusher }) => {
      if (closed) return;
      pusher = new Pusher(config.key, {
        cluster: config.cluster ?? "mt1",
        ...(config.host
          ? {
              wsHost: config.host,
              wsPort: config.port,
              wssPort: config.port,
              enabledTransports: ["ws", "wss"],
            }
          : {}),
        forceTLS: config.useTLS,
        channelAuthorization: { endpoint: "/api/realtime/auth", transport: "ajax" },
        userAuthentication: { endpoint: config.userAuthEndpoint, transport: "ajax" },
      });
      // Signed in as its session, the connection is one the server can close when that session ends.
      pusher.signin();
      let connected = false;
      pusher.connection.bind("connected", () => {
        onOpen(connected);
        connected = true;
      });
      for (const channel of channels) {
        pusher.subscribe(channel).bind_global((name: string, data: unknown) => {
          if (!name.startsWith("pusher:")) dispatch(channel, name, data);
        });
      }
    },
    (error: unknown) => console.error("The realtime client could not be loaded.", error),
  );
  const stopHeartbeat = startHeartbeat(heartbeat);
  return {
    close() {
      closed = true;
      stopHeartbeat();
      pusher?.disconnect();
    },
  };
}

/** Presence: while a live connection is open, tell the server every 20 s. */
function startHeartbeat(heartbeat: () => void) {
  heartbeat();
  const timer = setInterval(heartbeat, HEARTBEAT_INTERVAL_MS);
  return () => clearInterval(timer);
}
