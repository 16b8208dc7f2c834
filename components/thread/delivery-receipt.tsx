"use client";

import clsx from "clsx";
import { CheckCheck } from "lucide-react";
import { useRef, useState } from "react";
import { getMessageReceiptAction } from "@/app/(app)/messenger/actions";
import { DialogShell } from "@/components/ui/dialog-shell";
import { formatClock, formatDay } from "@/lib/format-time";
import type { ReceiptLine, ReceiptRecipient, ReceiptWord } from "@/lib/notifications/message-receipt";

const wordClass: Record<ReceiptWord, string> = {
  Seen: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  Emailed: "bg-sky-50 text-sky-800 ring-sky-200",
  Pushed: "bg-sky-50 text-sky-800 ring-sky-200",
  "Shown live": "bg-sky-50 text-sky-800 ring-sky-200",
  Pending: "bg-slate-50 text-slate-700 ring-slate-200",
  Cancelled: "bg-slate-50 text-slate-700 ring-slate-200",
  "Not seen": "bg-slate-50 text-slate-700 ring-slate-200",
  Failed: "bg-red-50 text-red-800 ring-red-200",
};

const channelName = { email: "Email", push: "Push", live: "Live" } as const;

/**
 * The ⋯-corner button on a team member's view of a message: who was told what about it (the
 * receipt, lib/notifications/message-receipt.ts), fetched when opened, as it is at that moment.
 */
export function DeliveryReceiptButton({
  conversationId,
  messageId,
  className,
}: {
  conversationId: string;
  messageId: string;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const [rows, setRows] = useState<ReceiptRecipient[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Only the latest opening's answer counts: one that comes late from an earlier opening is dropped.
  const opening = useRef(0);
  return (
    <DialogShell
      open={open}
      onOpenChange={async (next) => {
        setOpen(next);
        if (!next) return;
        const current = ++opening.current;
        setRows(null);
        setError(null);
        const result = await getMessageReceiptAction({ conversationId, messageId }).catch(() => ({
          ok: false as const,
          message: "The receipt could not be loaded. Check your connection and try again.",
        }));
        if (current !== opening.current) return;
        if (result.ok) setRows(result.data);
        else setError(result.message);
      }}
      trigger={
        <button
          type="button"
          aria-label="Delivery"
          title="Who was told, and how"
          className={clsx(
            "grid size-8 shrink-0 place-items-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:opacity-100",
            className,
          )}
        >
          <CheckCheck aria-hidden="true" className="size-4" />
        </button>
      }
      title="Delivery"
      description="Who this message was for, and what reached them."
    >
      {error ? (
        <p role="alert" className="mt-4 text-sm text-red-700">
          {error}
        </p>
      ) : rows === null ? (
        <p role="status" className="mt-4 text-sm text-slate-600">
          Loading…
        </p>
      ) : rows.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">Nobody else is in this conversation.</p>
      ) : (
        <ul aria-label="Recipients" className="mt-4 divide-y divide-slate-100">
          {rows.map((row) => (
            <li key={`${row.kind}:${row.id}`} className="py-2">
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span className="text-sm font-medium text-slate-900">{row.name}</span>
                {row.kind === "customer" && <span className="text-xs text-slate-600">customer</span>}
                <span
                  className={clsx("rounded px-1.5 py-0.5 text-xs font-semibold ring-1", wordClass[row.word])}
                >
                  {row.word}
                </span>
                {row.at && <span className="text-xs text-slate-600">{whenOf(row.word, row.at)}</span>}
              </div>
              {row.lines.length > 0 && (
                <ul className="mt-1 space-y-0.5 text-xs text-slate-600">
                  {row.lines.map((line) => (
                    <li key={line.channel}>{lineText(line)}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </DialogShell>
  );
}

const at = (date: Date) => `${formatDay(date, new Date())} ${formatClock(date)}`;

function whenOf(word: ReceiptWord, date: Date) {
  return word === "Pending" ? `until ${at(date)}` : at(date);
}

/** One channel's part, as a sentence: "Email: sent Today 10:01", "Push: failed (…)". */
function lineText(line: ReceiptLine) {
  const channel = channelName[line.channel];
  if (line.channel === "live")
    return `${channel}: shown in the open app at ${line.at ? at(line.at) : "the time"}`;
  switch (line.status) {
    case "sent":
      return `${channel}: sent ${line.at ? at(line.at) : ""}, accepted by the ${line.channel === "email" ? "mail provider" : "push service"}`;
    case "pending":
      return `${channel}: due ${line.at ? at(line.at) : "soon"}${line.reason ? ` (retrying: ${line.reason})` : ""}`;
    case "queued":
      return line.channel === "email" ? `${channel}: written, about to go` : `${channel}: being sent`;
    case "cancelled":
      return `${channel}: not sent${line.reason ? ` (${line.reason})` : ""}`;
    case "failed":
      return `${channel}: failed${line.reason ? ` (${line.reason})` : ""}`;
  }
}
