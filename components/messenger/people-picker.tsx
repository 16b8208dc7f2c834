"use client";

import { Check, UserPlus } from "lucide-react";
import { useId, useState } from "react";
import { searchTeamMembersAction } from "@/app/(app)/messenger/actions";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { DialogShell } from "@/components/ui/dialog-shell";
import { inputClass } from "@/components/ui/field";
import type { TeamMemberOption } from "@/lib/people/team-members";
import { PersonLines } from "./people-listbox";
import { type SearchAction, useSearch } from "./use-search";

/** Someone the picker lists: a teammate, or (where customers may be added) a customer, marked so. */
type Pickable = TeamMemberOption & { kind?: "user" | "customer" };

/**
 * "Add people": a dialog to pick teammates by name, with the mouse or the keyboard. With another
 * `search` it picks from what that finds (an item's followers: teammates and customers).
 */
export function PeoplePicker<T extends Pickable = TeamMemberOption>({
  excludeIds,
  onConfirm,
  confirmLabel = "Add",
  search = searchTeamMembersAction as unknown as SearchAction<T>,
  title = "Add people",
  description = "Choose teammates by name or email.",
  searchLabel = "Search teammates",
}: {
  excludeIds: string[];
  onConfirm: (people: T[]) => void | Promise<void>;
  confirmLabel?: string;
  search?: SearchAction<T>;
  title?: string;
  description?: string;
  searchLabel?: string;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [chosen, setChosen] = useState<T[]>([]);
  const { results, loading } = useSearch(open ? query : null, search);
  const searchId = useId();
  const shown = results.filter((person) => !excludeIds.includes(person.id));

  const toggle = (person: T) =>
    setChosen((list) =>
      list.some((p) => p.id === person.id) ? list.filter((p) => p.id !== person.id) : [...list, person],
    );

  return (
    <DialogShell
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setQuery("");
          setChosen([]);
        }
      }}
      title={title}
      description={description}
      initialFocusId={searchId}
      trigger={
        <Button variant="secondary">
          <UserPlus aria-hidden="true" className="size-4" />
          {/* Icon only on a phone, where the conversation's name needs the room. */}
          <span className="sr-only sm:not-sr-only">{title}</span>
        </Button>
      }
    >
      <label htmlFor={searchId} className="sr-only">
        {searchLabel}
      </label>
      <input
        id={searchId}
        className={`${inputClass} mt-3`}
        placeholder={searchLabel}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <ul aria-label="Search results" className="mt-2 max-h-64 overflow-y-auto">
        {shown.map((person) => {
          const selected = chosen.some((p) => p.id === person.id);
          return (
            <li key={person.id}>
              <button
                type="button"
                aria-pressed={selected}
                onClick={() => toggle(person)}
                className="flex w-full items-center gap-3 rounded-md px-2 py-2 text-left hover:bg-slate-50 aria-pressed:bg-brand-50"
              >
                <Avatar name={person.name} size="sm" />
                <PersonLines person={person} />
                {person.kind === "customer" && (
                  <span className="shrink-0 rounded bg-amber-100 px-1.5 py-0.5 text-[11px] font-semibold text-amber-900">
                    Customer
                  </span>
                )}
                {selected && <Check aria-hidden="true" className="size-4 text-brand-600" />}
              </button>
            </li>
          );
        })}
        {!loading && shown.length === 0 && (
          <li className="px-2 py-3 text-sm text-slate-600">
            {query.trim() ? "Nobody matches." : "Everyone on the team is already here."}
          </li>
        )}
      </ul>
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
        <Button
          disabled={chosen.length === 0}
          onClick={async () => {
            await onConfirm(chosen);
            setOpen(false);
            setChosen([]);
            setQuery("");
          }}
        >
          {chosen.length > 1 ? `${confirmLabel} ${chosen.length} people` : confirmLabel}
        </Button>
      </div>
    </DialogShell>
  );
}
