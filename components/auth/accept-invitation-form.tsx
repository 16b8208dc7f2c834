"use client";

import { useActionState, useState } from "react";
import { acceptInvitationAction } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";

/** The invitee's name and password: the button creates their account and signs them in. */
export function AcceptInvitationForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(acceptInvitationAction, null);
  // Controlled, so a refused attempt keeps what was typed (React resets uncontrolled fields after an action).
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const failed = state && !state.ok ? state : undefined;
  return (
    <form action={action} className="space-y-4">
      <FormError
        message={
          failed && !failed.fieldErrors?.name && !failed.fieldErrors?.password ? failed.message : undefined
        }
      />
      <input type="hidden" name="token" value={token} />
      <Field
        label="Your name"
        name="name"
        autoComplete="name"
        required
        autoFocus
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={failed?.fieldErrors?.name?.[0]}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters."
        minLength={10}
        required
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={failed?.fieldErrors?.password?.[0]}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Joining…" : "Join the team"}
      </Button>
    </form>
  );
}
