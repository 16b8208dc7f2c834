"use client";

import { useActionState, useState } from "react";
import { emailSignInLink, signInWithPassword } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";

/** One Email field, two ways in: the password, or a link emailed to that address. */
export function LoginForm({ next, error }: { next?: string; error?: string }) {
  const [passwordState, passwordAction, signingIn] = useActionState(signInWithPassword, null);
  const [linkState, linkAction, sendingLink] = useActionState(emailSignInLink, null);
  const failure = [passwordState, linkState].find((state) => state && !state.ok);
  const pending = signingIn || sendingLink;
  const [email, setEmail] = useState("");

  return (
    <form action={passwordAction} className="space-y-4">
      <FormError message={failure && !failure.ok ? failure.message : error} />
      <input type="hidden" name="next" value={next ?? ""} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        autoFocus
        // Controlled, so a failed attempt keeps what was typed (React resets uncontrolled fields after an action).
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <Field label="Password" name="password" type="password" autoComplete="current-password" />
      <Button type="submit" className="w-full" disabled={pending}>
        {signingIn ? "Signing in…" : "Sign in"}
      </Button>
      <div className="flex items-center gap-3 text-xs text-slate-500">
        <span className="h-px flex-1 bg-slate-200" /> or <span className="h-px flex-1 bg-slate-200" />
      </div>
      <Button type="submit" formAction={linkAction} variant="secondary" className="w-full" disabled={pending}>
        {sendingLink ? "Sending…" : "Email me a sign-in link"}
      </Button>
    </form>
  );
}
