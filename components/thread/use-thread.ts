"use client";

import { useChannel } from "@/components/realtime/realtime-provider";
import { useLiveThread, useMarkReadWhenVisible } from "@/components/realtime/use-live-thread";
import { type PendingSend, usePendingSends } from "@/components/realtime/use-pending-sends";
import type { ThreadMessage } from "@/lib/conversations/list-messages";
import type { ChangeNotice } from "@/lib/realtime/events";

type Result<T> = { ok: true; data: T } | { ok: false; message: string };

/**
 * One open thread, for either side: its messages kept current from its channel, older pages on
 * demand, read while on screen, and sends shown at once. Each side passes its own actions.
 */
export function useThread({
  channel,
  initialMessages,
  hasEarlier,
  lastReadSeq,
  fetchSince,
  fetchBefore,
  fetchOne,
  send,
  markRead,
  shown,
  onEvent,
  onArrived,
}: {
  channel: string;
  initialMessages: ThreadMessage[];
  hasEarlier: boolean;
  lastReadSeq: number;
  fetchSince: (afterSeq: number) => Promise<Result<{ messages: ThreadMessage[]; complete: boolean }>>;
  fetchBefore: (beforeSeq: number) => Promise<Result<{ messages: ThreadMessage[]; hasEarlier: boolean }>>;
  /** One message as it is now: after someone edits or deletes it. */
  fetchOne: (messageId: string) => Promise<Result<ThreadMessage | null>>;
  send: (item: PendingSend) => Promise<Result<unknown>>;
  markRead: (seq: number) => Promise<unknown>;
  shown?: Parameters<typeof useMarkReadWhenVisible>[0]["shown"];
  /** The channel's other events (the team's typing line). */
  onEvent?: (name: string, data: unknown) => void;
  /** Messages that came in by catching up, whoever sent them. */
  onArrived?: (messages: ThreadMessage[]) => void;
}) {
  const { messages, newestSeq, newest, catchUp, earlier, replace } = useLiveThread({
    initial: initialMessages,
    hasEarlier,
    fetchSince: async (afterSeq) => {
      const result = await fetchSince(afterSeq);
      return result.ok ? result.data : null;
    },
    fetchBefore: async (beforeSeq) => {
      const result = await fetchBefore(beforeSeq);
      return result.ok ? result.data : null;
    },
  });
  const catchUpAndTell = async () => {
    const arrived = await catchUp();
    onArrived?.(arrived);
  };

  /** Fetches a message again once it was edited or deleted, here or by anyone. */
  const refetch = async (messageId: string) => {
    const result = await fetchOne(messageId);
    if (result.ok && result.data) replace(result.data);
  };

  useChannel(channel, {
    onEvent(name, data) {
      if (name === "message.new") {
        if ((data as { seq: number }).seq > newest.current) void catchUpAndTell();
      } else if (name === "message.changed") void refetch((data as ChangeNotice).messageId);
      else onEvent?.(name, data);
    },
    onResync: () => void catchUpAndTell(),
  });
  useMarkReadWhenVisible({ newestSeq, lastReadSeq, markRead, shown });
  const { pending, deliver, sendNew } = usePendingSends({
    storedClientIds: new Set(messages.map((message) => message.clientMessageId)),
    send: async (item) => {
      const result = await send(item);
      if (result.ok) await catchUpAndTell();
      return result;
    },
  });

  return { messages, earlier, pending, deliver, sendNew, refetch };
}
