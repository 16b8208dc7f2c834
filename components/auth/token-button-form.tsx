"use client";

import { type ReactNode, useActionState } from "react";
import type { FormState } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";

/**
 * The one button on a page an emailed link opens. Opening the link uses nothing (mail scanners
 * and link previews fetch links); this POST does.
 */
export function TokenButtonForm({
  action,
  token,
  label,
  pendingLabel,
  children,
}: {
  action: (previous: FormState, form: FormData) => Promise<FormState>;
  token: string;
  label: string;
  /** Fields the button needs besides the token (the sign-up's password). */
  children?: ReactNode;
  pendingLabel: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-3">
      <FormError message={state && !state.ok ? state.message : undefined} />
      <input type="hidden" name="token" value={token} />
      {children}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? pendingLabel : label}
      </Button>
    </form>
  );
}
