"use client";

import { Check } from "lucide-react";
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
export type Pickable = TeamMemberOption & { kind?: "user" | "customer" };

export type PeoplePickerOptions<T extends Pickable> = {
  excludeIds: string[];
  onConfirm: (people: T[]) => void | Promise<void>;
  confirmLabel?: string;
  search?: SearchAction<T>;
  title?: string;
  description?: string;
  searchLabel?: string;
};

/**
 * The "Add people" dialog (people-picker.tsx opens it): pick teammates by name, with the mouse or
 * the keyboard. With another `search` it picks from what that finds (an item's followers:
 * teammates and customers). Open while mounted; what was typed and chosen goes when it closes.
 */
export function PeoplePickerDialog<T extends Pickable = TeamMemberOption>({
  excludeIds,
  onConfirm,
  confirmLabel = "Add",
  search = searchTeamMembersAction as unknown as SearchAction<T>,
  title = "Add people",
  description = "Choose teammates by name or email.",
  searchLabel = "Search teammates",
  onClose,
}: PeoplePickerOptions<T> & { onClose: () => void }) {
  const [query, setQuery] = useState("");
  const [chosen, setChosen] = useState<T[]>([]);
  const { results, loading } = useSearch(query, search);
  const searchId = useId();
  const shown = results.filter((person) => !excludeIds.includes(person.id));

  const toggle = (person: T) =>
    setChosen((list) =>
      list.some((p) => p.id === person.id) ? list.filter((p) => p.id !== person.id) : [...list, person],
    );

  return (
    <DialogShell
      open
      onOpenChange={(next) => {
        if (!next) onClose();
      }}
      title={title}
      description={description}
      initialFocusId={searchId}
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
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button
          disabled={chosen.length === 0}
          onClick={async () => {
            await onConfirm(chosen);
            onClose();
          }}
        >
          {chosen.length > 1 ? `${confirmLabel} ${chosen.length} people` : confirmLabel}
        </Button>
      </div>
    </DialogShell>
  );
}
