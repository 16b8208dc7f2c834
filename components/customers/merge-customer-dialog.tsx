"use client";

import { GitMerge } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { listCustomersAction, mergeCustomersAction } from "@/app/(app)/customers/actions";
import { callAction } from "@/components/settings/people-call";
import { Button } from "@/components/ui/button";
import { DialogShell } from "@/components/ui/dialog-shell";
import { inputClass } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { addressOrVisitor } from "@/lib/people/customer-address";

type Customer = { id: string; name: string; email: string | null };

/**
 * Merge another customer into `kept` (the page's customer): find the other by name or email, then
 * confirm, with the dialog saying which one is kept and what happens to the other.
 */
export function MergeCustomerDialog({ kept }: { kept: Customer }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<Customer[] | null>(null);
  const [chosen, setChosen] = useState<Customer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const searchId = useId();
  const latest = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (value: string) => {
    setQuery(value);
    clearTimeout(timer.current);
    const ticket = ++latest.current;
    const wanted = value.trim();
    if (!wanted) return setFound(null);
    timer.current = setTimeout(async () => {
      const result = await callAction(() => listCustomersAction({ query: wanted }));
      if (ticket !== latest.current) return;
      if (!result.ok) return setError(result.message);
      setError(null);
      setFound(result.data.rows.filter((row) => row.id !== kept.id));
    }, 250);
  };

  const reset = () => {
    setQuery("");
    setFound(null);
    setChosen(null);
    setError(null);
  };

  const merge = (other: Customer) =>
    startTransition(async () => {
      const result = await callAction(() =>
        mergeCustomersAction({ keepCustomerId: kept.id, mergeCustomerId: other.id }),
      );
      if (!result.ok) return setError(result.message);
      setOpen(false);
      reset();
      toast.success(`${other.email ?? other.name} is merged into ${kept.name}.`);
      router.refresh();
    });

  return (
    <DialogShell
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        reset();
      }}
      initialFocusId={searchId}
      trigger={
        <Button variant="secondary">
          <GitMerge aria-hidden="true" className="size-4" />
          Merge a duplicate
        </Button>
      }
      title={`Merge a duplicate into ${kept.name}`}
      description={`For the same person under another address. ${kept.name} (${addressOrVisitor(kept)}) is kept.`}
    >
      {chosen ? (
        <div className="mt-4 space-y-4">
          <div
            role="alert"
            className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
          >
            <p className="font-medium">
              Merge {chosen.name} ({addressOrVisitor(chosen)}) into {kept.name} ({addressOrVisitor(kept)})?
            </p>
            <p>
              {kept.name} is kept. Every conversation, ticket and message of {chosen.name} moves to{" "}
              {kept.name};{` ${chosen.email ?? chosen.name}`} is deleted and signed out of the chat. This
              cannot be undone.
            </p>
          </div>
          <FormError message={error} />
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="ghost" disabled={pending} onClick={() => setChosen(null)}>
              Back
            </Button>
            <Button variant="danger" disabled={pending} onClick={() => merge(chosen)}>
              {pending ? "Merging…" : `Merge into ${kept.name}`}
            </Button>
          </div>
        </div>
      ) : (
        <div className="mt-4 space-y-3">
          <div className="space-y-1">
            <label htmlFor={searchId} className="block text-sm font-medium text-slate-700">
              Find the duplicate
            </label>
            <input
              id={searchId}
              type="search"
              className={inputClass}
              placeholder="Name or email"
              autoComplete="off"
              value={query}
              onChange={(event) => search(event.target.value)}
            />
          </div>
          <FormError message={error} />
          {found && found.length === 0 && (
            <p className="text-sm text-slate-600">No other customer matches “{query.trim()}”.</p>
          )}
          {found && found.length > 0 && (
            <ul
              aria-label="Matching customers"
              className="divide-y divide-slate-100 rounded-lg border border-slate-200"
            >
              {found.map((customer) => (
                <li key={customer.id} className="flex flex-wrap items-center gap-2 px-3 py-2">
                  <div className="min-w-0 flex-1 basis-40">
                    <p className="truncate text-sm font-medium text-slate-900">{customer.name}</p>
                    <p className="truncate text-sm text-slate-600">{addressOrVisitor(customer)}</p>
                  </div>
                  <Button
                    variant="secondary"
                    aria-label={`Choose ${customer.name} (${addressOrVisitor(customer)})`}
                    onClick={() => setChosen(customer)}
                  >
                    Choose
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </DialogShell>
  );
}
