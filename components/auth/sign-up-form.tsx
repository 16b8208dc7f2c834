"use client";

import { useActionState } from "react";
import { createWorkspace } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";

export function SignUpForm() {
  const [state, action, pending] = useActionState(createWorkspace, null);
  const failed = state && !state.ok ? state : undefined;
  const fieldError = (name: string) => failed?.fieldErrors?.[name]?.[0];
  return (
    <form action={action} className="space-y-4">
      <FormError message={failed && !failed.fieldErrors ? failed.message : undefined} />
      <Field
        label="Workspace name"
        name="workspaceName"
        required
        autoFocus
        error={fieldError("workspaceName")}
      />
      <Field label="Your name" name="name" autoComplete="name" required error={fieldError("name")} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        error={fieldError("email")}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={10}
        required
        error={fieldError("password")}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating…" : "Create workspace"}
      </Button>
    </form>
  );
}
