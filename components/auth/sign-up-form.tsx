"use client";

import { useActionState, useState } from "react";
import { createWorkspace } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";

const empty = { workspaceName: "", name: "", email: "", password: "" };

export function SignUpForm() {
  const [state, action, pending] = useActionState(createWorkspace, null);
  // Controlled, so a refused attempt keeps what was typed (React resets uncontrolled fields after an action).
  const [values, setValues] = useState(empty);
  const failed = state && !state.ok ? state : undefined;
  const field = (name: keyof typeof empty) => ({
    name,
    value: values[name],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) =>
      setValues({ ...values, [name]: event.target.value }),
    error: failed?.fieldErrors?.[name]?.[0],
  });
  return (
    <form action={action} className="space-y-4">
      <FormError message={failed && !failed.fieldErrors ? failed.message : undefined} />
      <Field label="Workspace name" required autoFocus {...field("workspaceName")} />
      <Field label="Your name" autoComplete="name" required {...field("name")} />
      <Field label="Email" type="email" autoComplete="email" required {...field("email")} />
      <Field
        label="Password"
        hint="At least 10 characters."
        type="password"
        autoComplete="new-password"
        minLength={10}
        required
        {...field("password")}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating…" : "Create workspace"}
      </Button>
    </form>
  );
}
