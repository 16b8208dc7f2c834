"use client";

import { type ReactNode, useEffect } from "react";
import { customerHeartbeatAction } from "@/app/chat/[slug]/actions";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { LazyAppToaster } from "@/components/ui/lazy-app-toaster";
import type { RealtimeClientConfig } from "@/lib/realtime/client-config";
import { isPanelOpen, onPanelChange } from "./embed-bridge";

/**
 * The customer's live connection, and the toasts of the pages that use it. They count as connected
 * while the chat is open: not while the widget's panel is closed.
 */
export function ChatRealtime({ config, children }: { config: RealtimeClientConfig; children: ReactNode }) {
  // Reopening the panel makes them connected again at once, not at the next 20 s beat.
  useEffect(() => onPanelChange(() => void (isPanelOpen() && customerHeartbeatAction({}))), []);
  return (
    <RealtimeProvider config={config} heartbeat={heartbeatWhileOpen}>
      {children}
      <LazyAppToaster />
    </RealtimeProvider>
  );
}

const heartbeatWhileOpen = async (input: Record<string, never>) =>
  isPanelOpen() ? customerHeartbeatAction(input) : null;
