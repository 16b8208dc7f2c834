"use client";

import { RotateCw } from "lucide-react";
import { useEffect, useState } from "react";
import type { AttachmentSummary } from "@/lib/attachments/file-kinds";
import { newClientId } from "@/lib/client-id";

export type PendingSend = {
  clientMessageId: string;
  body: string;
  /** A team member's internal note; a retry keeps it one. */
  internal?: boolean;
  /** Uploaded already; a retry sends the same ones, which the stored message holds once. */
  attachments?: AttachmentSummary[];
  /** Teammates picked with @ (their "@Name" is in the body); a retry mentions the same ones. */
  mentionIds?: string[];
  status: "sending" | "failed";
  error?: string;
};
type SendResult = { ok: true } | { ok: false; message: string };

/**
 * Sends that show at once as "Sending…". A failed send keeps its text and can be retried with
 * the same client message id, so a retry never stores the message twice. Once the thread holds
 * the stored message (same client id), its pending copy is dropped.
 */
export function usePendingSends({
  send,
  storedClientIds,
}: {
  send: (item: PendingSend) => Promise<SendResult>;
  storedClientIds: Set<string | null>;
}) {
  const [pending, setPending] = useState<PendingSend[]>([]);

  const deliver = async (item: PendingSend) => {
    setPending((list) => [
      ...list.filter((p) => p.clientMessageId !== item.clientMessageId),
      { ...item, status: "sending" },
    ]);
    const result = await send(item).catch(
      (): SendResult => ({ ok: false, message: "Could not reach the server." }),
    );
    if (!result.ok)
      setPending((list) =>
        list.map((p) =>
          p.clientMessageId === item.clientMessageId ? { ...p, status: "failed", error: result.message } : p,
        ),
      );
  };

  const unsent = pending.filter((p) => !storedClientIds.has(p.clientMessageId));
  // A send not stored yet lives only in this page: leaving it (a reload, a closed tab) would lose
  // it, so the browser asks first.
  const holdingUnsent = unsent.length > 0;
  useEffect(() => {
    if (!holdingUnsent) return;
    const ask = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [holdingUnsent]);

  return {
    pending: unsent,
    deliver,
    sendNew: (draft: Pick<PendingSend, "body" | "internal" | "attachments" | "mentionIds">) =>
      void deliver({ ...draft, clientMessageId: newClientId(), status: "sending" }),
  };
}

/**
 * "Sending…", or "Not sent: why" with a Retry button; the why is announced, and says how long to
 * wait when a limit refused it. The text stays in its bubble for the retry.
 */
export function SendStatus({ item, onRetry }: { item: PendingSend; onRetry: () => void }) {
  if (item.status === "sending") return <span className="text-slate-500">Sending…</span>;
  return (
    <span className="flex items-center gap-2 text-red-700">
      <span role="alert">Not sent{item.error ? `: ${item.error}` : ""}</span>
      <button
        type="button"
        onClick={onRetry}
        className="inline-flex items-center gap-1 font-medium underline"
      >
        <RotateCw aria-hidden="true" className="size-3" />
        Retry
      </button>
    </span>
  );
}
