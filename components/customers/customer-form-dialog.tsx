"use client";

import { Pencil, UserPlus } from "lucide-react";
import { useState, useTransition } from "react";
import { addCustomerAction, updateCustomerAction } from "@/app/(app)/customers/actions";
import { callAction } from "@/components/settings/people-call";
import { Button } from "@/components/ui/button";
import { DialogFormButtons, DialogShell } from "@/components/ui/dialog-shell";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";

type Customer = { id: string; name: string; email: string | null };
type Problem = { message: string; name?: string; email?: string };

/**
 * Add customer, or (given `customer`) Edit: a dialog with Name and Email. A refusal (an address
 * another customer has, say) stays in the dialog, next to its field when it is about one.
 */
export function CustomerFormDialog({
  customer,
  onSaved,
}: {
  customer?: Customer;
  onSaved: (customer: Customer) => void;
}) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(customer?.name ?? "");
  const [email, setEmail] = useState(customer?.email ?? "");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, startTransition] = useTransition();

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      const result = await callAction(() =>
        customer
          ? updateCustomerAction({ customerId: customer.id, name, email })
          : addCustomerAction({ name, email }),
      );
      if (!result.ok) {
        const fields = result.fieldErrors ?? {};
        setProblem({
          message: result.message,
          name: fields.name?.[0],
          email: fields.email?.[0] ?? (result.error === "email_taken" ? result.message : undefined),
        });
        return;
      }
      onSaved(result.data);
      setOpen(false);
      setProblem(null);
      if (!customer) {
        setName("");
        setEmail("");
      }
    });
  };

  return (
    <DialogShell
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        setProblem(null);
        if (next && customer) {
          setName(customer.name);
          setEmail(customer.email ?? "");
        }
      }}
      trigger={
        customer ? (
          <Button variant="secondary" aria-label={`Edit ${customer.name}`}>
            <Pencil aria-hidden="true" className="size-4" />
            Edit
          </Button>
        ) : (
          <Button>
            <UserPlus aria-hidden="true" className="size-4" />
            Add customer
          </Button>
        )
      }
      title={customer ? `Edit ${customer.name}` : "Add a customer"}
      description={
        customer
          ? "The address is where their emails go and how they sign in to the chat."
          : "They can then be written to, and sign in to the chat with this address."
      }
    >
      <form onSubmit={submit} className="mt-4 space-y-4" noValidate>
        <FormError message={problem && !problem.name && !problem.email ? problem.message : undefined} />
        <Field
          label="Name"
          name="name"
          autoComplete="off"
          required
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={problem?.name}
        />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="off"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={problem?.email}
        />
        <DialogFormButtons
          pending={pending}
          onCancel={() => setOpen(false)}
          label={customer ? "Save" : "Add customer"}
          pendingLabel="Saving…"
        />
      </form>
    </DialogShell>
  );
}
