"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "./button";

/** A centred dialog that fits a phone: its title, a close button, and the content (usually a form). */
export function DialogShell({
  open,
  onOpenChange,
  trigger,
  title,
  description,
  initialFocusId,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** What opens it; none for a dialog opened from elsewhere (a menu item). */
  trigger?: ReactNode;
  title: string;
  description?: string;
  /** The element to focus on opening (by default, the first one that takes focus). */
  initialFocusId?: string;
  children: ReactNode;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger && <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>}
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/30" />
        <Dialog.Content
          {...(!description && { "aria-describedby": undefined })}
          onOpenAutoFocus={(event) => {
            if (!initialFocusId) return;
            event.preventDefault();
            document.getElementById(initialFocusId)?.focus();
          }}
          className="fixed left-1/2 top-[8%] z-50 max-h-[84dvh] w-[min(32rem,calc(100vw-2rem))] -translate-x-1/2 overflow-y-auto rounded-xl border border-slate-200 bg-white p-4 shadow-xl"
        >
          <div className="flex items-center justify-between">
            <Dialog.Title className="text-base font-semibold text-slate-900">{title}</Dialog.Title>
            <Dialog.Close aria-label="Close" className="rounded p-1 text-slate-500 hover:bg-slate-100">
              <X aria-hidden="true" className="size-4" />
            </Dialog.Close>
          </div>
          {description && (
            <Dialog.Description className="mt-1 text-sm text-slate-600">{description}</Dialog.Description>
          )}
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/**
 * A dialog form's buttons: Cancel, and the form's submit button, which says what is happening
 * while it is (`pendingLabel`). Both wait while it does.
 */
export function DialogFormButtons({
  pending,
  onCancel,
  label,
  pendingLabel,
}: {
  pending: boolean;
  onCancel: () => void;
  label: string;
  pendingLabel: string;
}) {
  return (
    <div className="flex flex-wrap justify-end gap-2">
      <Button type="button" variant="ghost" disabled={pending} onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" disabled={pending}>
        {pending ? pendingLabel : label}
      </Button>
    </div>
  );
}
