"use client";

import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createItemAction, listAssigneesAction } from "@/app/(app)/items/actions";
import { type Recipient, RecipientField } from "@/components/messenger/recipient-field";
import { Button } from "@/components/ui/button";
import { DialogFormButtons, DialogShell } from "@/components/ui/dialog-shell";
import { Field, inputClass } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import type { ItemKind } from "@/lib/items/item-fields";
import { MAX_TITLE_LENGTH } from "@/lib/items/item-fields";

/**
 * "New ticket" or "New task": a dialog with Title, Description, a ticket's Requester (a customer,
 * picked with @) and an optional Assignee, whose choices are loaded when the dialog first opens.
 * The new item opens once created.
 */
export function NewItemDialog({ kind, meId }: { kind: ItemKind; meId: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [requester, setRequester] = useState<Recipient[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [team, setTeam] = useState<{ id: string; name: string }[] | null>(null);
  const [teamError, setTeamError] = useState<string | null>(null);
  const loadTeam = () => {
    setTeamError(null);
    listAssigneesAction({})
      .catch(() => ({ ok: false as const, message: "Could not reach the server." }))
      .then((result) => (result.ok ? setTeam(result.data) : setTeamError(result.message)));
  };
  const teamLoading = team === null && !teamError;
  const noun = kind === "ticket" ? "ticket" : "task";

  return (
    <DialogShell
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next && !team) loadTeam();
        if (!next) {
          setRequester([]);
          setError(null);
        }
      }}
      title={`New ${noun}`}
      description={
        kind === "ticket"
          ? "Work for a customer. The customer follows it and sees your public replies on their chat page."
          : "Internal work. Only your team sees it."
      }
      trigger={
        <Button variant={kind === "ticket" ? "primary" : "secondary"}>
          <Plus aria-hidden="true" className="size-4" />
          New {noun}
        </Button>
      }
    >
      <form
        className="mt-4 space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          if (pending) return;
          const form = new FormData(event.currentTarget);
          const title = String(form.get("title") ?? "");
          if (!title.trim()) return setError("Enter a title.");
          if (kind === "ticket" && requester.length === 0)
            return setError("Choose the customer this ticket is for.");
          setError(null);
          startTransition(async () => {
            const result = await createItemAction({
              kind,
              title,
              description: String(form.get("description") ?? ""),
              requesterCustomerId: requester[0]?.id ?? null,
              assigneeUserId: String(form.get("assignee") ?? "") || null,
            }).catch(() => ({ ok: false as const, message: "Could not reach the server. Try again." }));
            if (result.ok) router.push(`/items/${result.data.number}`);
            else setError(result.message);
          });
        }}
      >
        <Field
          label="Title"
          name="title"
          required
          maxLength={MAX_TITLE_LENGTH}
          autoComplete="off"
          autoFocus
        />
        <div className="space-y-1">
          <label htmlFor={`new-${kind}-description`} className="block text-sm font-medium text-slate-700">
            Description
          </label>
          <textarea
            id={`new-${kind}-description`}
            name="description"
            rows={4}
            className={inputClass}
            placeholder={kind === "ticket" ? "What does the customer need?" : "What needs doing?"}
          />
        </div>
        {kind === "ticket" && (
          <div className="rounded-md border border-slate-300 px-2 py-1">
            <RecipientField
              label="Requester"
              only="customers"
              value={requester}
              onChange={setRequester}
              autoFocus={false}
            />
          </div>
        )}
        <div className="space-y-1">
          <label htmlFor={`new-${kind}-assignee`} className="block text-sm font-medium text-slate-700">
            Assignee
          </label>
          <select
            id={`new-${kind}-assignee`}
            name="assignee"
            className={inputClass}
            defaultValue=""
            aria-busy={teamLoading}
            aria-describedby={teamError ? `new-${kind}-assignee-error` : undefined}
          >
            <option value="">Nobody yet</option>
            {teamLoading && <option disabled>Loading the team…</option>}
            {team?.map((member) => (
              <option key={member.id} value={member.id}>
                {member.id === meId ? `${member.name} (you)` : member.name}
              </option>
            ))}
          </select>
          {teamError && (
            <p id={`new-${kind}-assignee-error`} className="text-sm text-red-700">
              {`The team could not be loaded: ${teamError} `}
              <button type="button" className="underline" onClick={loadTeam}>
                Try again
              </button>
            </p>
          )}
        </div>
        <FormError message={error} />
        <DialogFormButtons
          pending={pending}
          onCancel={() => setOpen(false)}
          label={`Create ${noun}`}
          pendingLabel="Creating…"
        />
      </form>
    </DialogShell>
  );
}
