"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useSyncExternalStore } from "react";
import { useChannel } from "@/components/realtime/realtime-provider";
import { useUnreadTitle } from "@/components/ui/use-unread-title";
import type { UnreadConversation, UnreadPreview } from "@/lib/conversations/customer-views";
import { tellWidget, type WidgetMessage } from "./embed-bridge";

// The conversation on screen right now (its page open, visible, and the widget's panel open).
let shownId: string | null = null;
const shownListeners = new Set<() => void>();

/** The chat thread says when it is on screen: its replies are being read, so they count as read here. */
export function setShownConversation(id: string | null) {
  if (shownId === id) return;
  shownId = id;
  for (const listener of shownListeners) listener();
}

const subscribeShown = (listener: () => void) => {
  shownListeners.add(listener);
  return () => void shownListeners.delete(listener);
};

/**
 * The customer's unread replies, on every chat page: the browser tab's "(2) Acme Support", and the
 * widget's badge and preview (public/widget.js). The server's answer is the record: a new message
 * or status on the customer's channel refreshes it; the conversation on screen is left out at once,
 * before the server has heard that it was read.
 */
export function ChatUnread({
  channel,
  unread,
  latest,
}: {
  /** The customer's own channel, or the one conversation's chat channel for a session from an email's link. */
  channel: string;
  unread: UnreadConversation[];
  latest: UnreadPreview | null;
}) {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const refreshSoon = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => router.refresh(), 150);
  };
  useChannel(channel, {
    onEvent: (name) => {
      // A change (an edit, a delete) may be of the message a row or the launcher previews.
      if (name === "message.new" || name === "message.changed" || name === "conversation.status")
        refreshSoon();
    },
    onResync: refreshSoon,
  });

  const shown = useSyncExternalStore(
    subscribeShown,
    () => shownId,
    () => null,
  );
  const others = unread.filter((row) => row.conversationId !== shown);
  const preview = latest && latest.conversationId !== shown ? latest : null;
  useUnreadTitle(others.length);
  // One string for the effect: it tells the widget again only when something changed.
  const forWidget = JSON.stringify({
    type: "helpdesk-widget:unread",
    signedIn: true,
    count: others.length,
    at: others.map((row) => row.at),
    latest: preview && {
      id: preview.messageId,
      authorName: preview.authorName,
      text: preview.body,
      at: preview.at,
    },
  } satisfies WidgetMessage);
  useEffect(() => tellWidget(JSON.parse(forWidget) as WidgetMessage), [forWidget]);
  return null;
}
