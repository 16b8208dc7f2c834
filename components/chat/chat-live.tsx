"use client";

import { useRouter } from "next/navigation";
import { useRef } from "react";
import { useChannel } from "@/components/realtime/realtime-provider";

/** Keeps the customer's list of conversations current: a new reply anywhere refreshes it. */
export function ChatLive({ customerChannel }: { customerChannel: string }) {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const refreshSoon = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => router.refresh(), 150);
  };
  useChannel(customerChannel, { onEvent: refreshSoon, onResync: refreshSoon });
  return null;
}
