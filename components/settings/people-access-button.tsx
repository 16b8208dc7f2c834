"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";

/** What an access change says before it happens: taking access away asks first. */
export type Confirmation = { title: string; description: string; confirmLabel: string };

/**
 * A row's button that gives or takes away someone's access. With `confirm`, it opens an alert
 * dialog (the Radix AlertDialog's behaviour on its Dialog: focus starts on Cancel, a click outside
 * does not close it) and the change happens only on the dialog's own button; a failure stays in
 * the dialog. Without, it acts at once and a failure is shown by `onFailure`.
 */
export function AccessButton({
  label,
  accessibleName,
  confirm,
  run,
  onFailure,
}: {
  label: string;
  accessibleName: string;
  confirm?: Confirmation;
  /** The change; resolves to the failure's message, or null. */
  run: () => Promise<string | null>;
  onFailure: (message: string) => void;
}) {
  const [pending, startTransition] = useTransition();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancelId = useId();

  if (!confirm)
    return (
      <Button
        variant="secondary"
        aria-label={accessibleName}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const failure = await run();
            if (failure) onFailure(failure);
          })
        }
      >
        {pending ? "Saving…" : label}
      </Button>
    );

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (pending) return; // the change is under way: its answer closes the dialog or shows why not
        setOpen(next);
        setError(null);
      }}
    >
      <Dialog.Trigger asChild>
        <Button variant="secondary" aria-label={accessibleName}>
          {label}
        </Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/30" />
        <Dialog.Content
          role="alertdialog"
          onOpenAutoFocus={(event) => {
            event.preventDefault();
            document.getElementById(cancelId)?.focus();
          }}
          onPointerDownOutside={(event) => event.preventDefault()}
          onInteractOutside={(event) => event.preventDefault()}
          className="fixed left-1/2 top-[20%] z-50 w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 space-y-3 rounded-xl border border-slate-200 bg-white p-5 shadow-xl"
        >
          <Dialog.Title className="text-base font-semibold text-slate-900">{confirm.title}</Dialog.Title>
          <Dialog.Description className="text-sm text-slate-700">{confirm.description}</Dialog.Description>
          <FormError message={error} />
          <div className="flex flex-wrap justify-end gap-2 pt-1">
            <Dialog.Close asChild>
              <Button id={cancelId} variant="ghost" disabled={pending}>
                Cancel
              </Button>
            </Dialog.Close>
            <Button
              variant="danger"
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  const failure = await run();
                  if (failure) setError(failure);
                  else setOpen(false);
                })
              }
            >
              {pending ? "Saving…" : confirm.confirmLabel}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
