"use client";

import PusherClient from "pusher-js";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";
import { heartbeatAction } from "@/app/(app)/messenger/actions";
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
 * reconnects with backoff and tells each listener to catch up.
 */
export function RealtimeProvider({
  config,
  children,
}: {
  config: RealtimeClientConfig;
  children: ReactNode;
}) {
  const registry = useRef<Registry>(new Map());
  const [channels, setChannels] = useState<string[]>([]);
  // A new connection (after a drop, or for a changed set of channels) may have missed events.
  const connectedBefore = useRef(false);

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

  const key = channels.join(" ");
  // The layout hands a fresh config object on every server refresh; reconnect only if it really changed.
  const configKey = JSON.stringify(config);
  useEffect(() => {
    const current = JSON.parse(configKey) as RealtimeClientConfig;
    if (!key) return;
    const wanted = key.split(" ");
    const dispatch = (channel: string, name: string, data: unknown) => {
      for (const listener of registry.current.get(channel) ?? []) listener.onEvent(name, data);
    };
    const resyncAll = () => {
      for (const listeners of registry.current.values())
        for (const listener of listeners) listener.onResync?.();
    };
    const onConnected = () => {
      if (connectedBefore.current) resyncAll();
      connectedBefore.current = true;
    };
    const connection =
      current.driver === "pusher"
        ? connectPusher(current, wanted, dispatch, onConnected)
        : connectBuiltin(wanted, dispatch, onConnected, resyncAll);
    return () => connection.close();
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

const EVENT_NAMES = ["message.new", "conversation.read", "typing"];

function connectBuiltin(channels: string[], dispatch: Dispatch, onConnected: () => void, resync: () => void) {
  let source: EventSource | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let closed = false;
  const stopHeartbeat = startHeartbeat();

  const open = () => {
    source = new EventSource(
      `/api/realtime/stream?${channels.map((c) => `channel=${encodeURIComponent(c)}`).join("&")}`,
    );
    source.addEventListener("open", () => {
      attempt = 0;
      onConnected();
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
  onConnected: () => void,
) {
  const pusher = new PusherClient(config.key, {
    cluster: config.cluster ?? "mt1",
    ...(config.host
      ? { wsHost: config.host, wsPort: config.port, wssPort: config.port, enabledTransports: ["ws", "wss"] }
      : {}),
    forceTLS: config.useTLS,
    channelAuthorization: { endpoint: "/api/realtime/auth", transport: "ajax" },
  });
  pusher.connection.bind("connected", onConnected);
  for (const channel of channels) {
    pusher.subscribe(channel).bind_global((name: string, data: unknown) => {
      if (!name.startsWith("pusher:")) dispatch(channel, name, data);
    });
  }
  const stopHeartbeat = startHeartbeat();
  return {
    close() {
      stopHeartbeat();
      pusher.disconnect();
    },
  };
}

/** Presence: while a live connection is open, tell the server every 20 s. */
function startHeartbeat() {
  void heartbeatAction({});
  const timer = setInterval(() => void heartbeatAction({}), HEARTBEAT_INTERVAL_MS);
  return () => clearInterval(timer);
}
