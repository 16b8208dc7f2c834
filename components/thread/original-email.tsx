"use client";

import clsx from "clsx";
import { Mail } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { getOriginalEmailAction } from "@/app/(app)/messenger/actions";
import { DialogShell } from "@/components/ui/dialog-shell";
import { formatClock, formatDay } from "@/lib/format-time";

type Original = { from: string; subject: string; text: string; receivedAt: Date };

/**
 * "via email" on a message that came in as a reply by email, and for the team the email it came
 * in as, whole: what was cut as its quote or signature too. Loaded when opened.
 */
export function ViaEmailMark({ messageId, className }: { messageId: string; className?: string }) {
  const [open, setOpen] = useState(false);
  const [original, setOriginal] = useState<Original | null>(null);
  return (
    <DialogShell
      open={open}
      onOpenChange={async (next) => {
        setOpen(next);
        if (!next || original) return;
        const result = await getOriginalEmailAction({ messageId });
        if (result.ok) setOriginal(result.data);
        else {
          setOpen(false);
          toast.error(result.message);
        }
      }}
      trigger={
        <button
          type="button"
          aria-label="via email: show the original email"
          className={clsx(
            "inline-flex items-center gap-1 text-xs text-slate-500 underline decoration-dotted hover:text-slate-800",
            className,
          )}
        >
          <Mail aria-hidden="true" className="size-3" />
          via email
        </button>
      }
      title="Original email"
      description="This message came in as a reply by email. Here is the whole email, quote and signature included."
    >
      {original === null ? (
        <p className="mt-4 text-sm text-slate-600">Loading…</p>
      ) : (
        <div className="mt-4 space-y-2">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs text-slate-600">
            <dt className="font-medium">From</dt>
            <dd className="break-all">{original.from}</dd>
            <dt className="font-medium">Subject</dt>
            <dd className="break-words">{original.subject || "(no subject)"}</dd>
            <dt className="font-medium">Received</dt>
            <dd>
              {formatDay(original.receivedAt, new Date())}, {formatClock(original.receivedAt)}
            </dd>
          </dl>
          <pre className="max-h-[50dvh] overflow-auto whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-slate-50 p-2 font-sans text-sm text-slate-800 [overflow-wrap:anywhere]">
            {original.text || "(no text)"}
          </pre>
        </div>
      )}
    </DialogShell>
  );
}
