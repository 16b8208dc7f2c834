"use client";

import { MessageCircle } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef } from "react";
import { toast } from "sonner";
import { inAppAlert } from "@/lib/notifications/in-app-alert";
import type { MessageNotice, ReadNotice } from "@/lib/realtime/events";
import { playChime } from "./chime";
import { isThreadOpen } from "./open-thread";
import { useChannel } from "./realtime-provider";

/**
 * Everything a team member's own channel changes on screen: the lists (refreshed from the server,
 * which stays the record), and the bubble and sound for a new message (inAppAlert).
 * Reading in any tab dismisses the bubble in all of them.
 */
export function MessengerLive({
  userChannel,
  meId,
  bubbles,
  sound,
}: {
  userChannel: string;
  meId: string;
  bubbles: boolean;
  sound: boolean;
}) {
  const router = useRouter();
  const refreshTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const refreshSoon = () => {
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => router.refresh(), 150);
  };

  useChannel(userChannel, {
    onEvent(name, data) {
      if (name === "message.new") {
        const notice = data as MessageNotice;
        const alert = inAppAlert(
          notice,
          { id: meId, bubbles, sound },
          { threadOpen: isThreadOpen(notice.conversationId), tabHidden: document.hidden },
        );
        if (alert.bubble) showBubble(notice);
        if (alert.sound) playChime();
        refreshSoon();
      } else if (name === "conversation.read") {
        toast.dismiss((data as ReadNotice).conversationId);
        refreshSoon();
      } else if (name === "message.changed") {
        // The lists preview the newest message, which may be the one edited or deleted.
        refreshSoon();
      }
    },
    onResync: refreshSoon,
  });
  return null;
}

function showBubble(notice: MessageNotice) {
  toast.custom(
    () => (
      <div
        role="status"
        aria-label={
          notice.mentioned
            ? `${notice.authorName ?? "A teammate"} mentioned you`
            : `New message from ${notice.authorName ?? "a teammate"}`
        }
        className="flex w-[min(20rem,calc(100vw-2rem))] gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-lg"
      >
        <MessageCircle aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-brand-600" />
        <div className="min-w-0 flex-1">
          <p className="text-sm font-semibold text-slate-900">
            {notice.authorName}
            {notice.mentioned && <span className="font-normal text-slate-600"> mentioned you</span>}
          </p>
          <p className="line-clamp-2 text-sm text-slate-700">{notice.preview}</p>
          <Link
            href={`/messenger/c/${notice.conversationId}`}
            onClick={() => toast.dismiss(notice.conversationId)}
            className="mt-1 inline-block text-sm font-medium text-brand-700 hover:underline"
          >
            Open conversation
          </Link>
        </div>
      </div>
    ),
    // One bubble per conversation: a second message replaces the first.
    { id: notice.conversationId, duration: 10_000 },
  );
}
