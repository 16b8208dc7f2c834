"use client";

import { useEffect, useState } from "react";
import { useChannel } from "@/components/realtime/realtime-provider";
import { useUnreadTitle } from "@/components/ui/use-unread-title";
import type { MessageNotice, ReadNotice } from "@/lib/realtime/events";
import { NavLink } from "./nav-link";

/**
 * "Messenger, N unread": starts from the server's count, then follows the person's channel live.
 * The browser tab's title carries the same count: "(2) Messenger · Acme Support".
 */
export function MessengerNavLink({
  initialUnread,
  userChannel,
}: {
  initialUnread: number;
  userChannel: string;
}) {
  const [unread, setUnread] = useState(initialUnread);
  // A server refresh brings a fresh count.
  useEffect(() => setUnread(initialUnread), [initialUnread]);
  useChannel(userChannel, {
    onEvent(name, data) {
      if (name === "message.new" || name === "conversation.read") {
        const count = (data as MessageNotice | ReadNotice).unreadCount;
        if (typeof count === "number") setUnread(count);
      }
    },
  });
  useUnreadTitle(unread);
  return (
    <NavLink href="/messenger" label={unread > 0 ? `Messenger, ${unread} unread` : undefined}>
      {/* The space keeps "Messenger" a word of its own beside the count, which axe reads as the
          visible text ("Messenger1" is not in the name "Messenger, 1 unread"). */}
      Messenger{" "}
      {unread > 0 && (
        <span
          aria-hidden="true"
          className="rounded-full bg-brand-600 px-1.5 py-0.5 text-[11px] font-semibold leading-none text-white"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </NavLink>
  );
}
