"use client";

import { X } from "lucide-react";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import type { TeamMemberOption } from "@/lib/people/team-members";
import { useTeamSearch } from "./people-picker";

/** What to search for: the text after the last `@`, or the whole text when there is none. */
function searchTerm(text: string): string | null {
  const at = text.lastIndexOf("@");
  if (at >= 0) return text.slice(at + 1);
  return text.trim() ? text.trim() : null;
}

/**
 * The To field: chips for the people chosen, and a combobox that lists teammates as you type
 * `@` and part of a name or email. Arrow keys move, Enter picks, Escape closes, Backspace removes.
 */
export function RecipientField({
  value,
  onChange,
}: {
  value: TeamMemberOption[];
  onChange: (people: TeamMemberOption[]) => void;
}) {
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const term = dismissed ? null : searchTerm(text);
  const { results, loading } = useTeamSearch(term);
  const options = results.filter((person) => !value.some((chosen) => chosen.id === person.id));
  const open = term !== null && (options.length > 0 || !loading);
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  // A new draft starts in To, so the keyboard goes straight to choosing people.
  useEffect(() => input.current?.focus(), []);
  const listId = useId();

  const choose = (person: TeamMemberOption) => {
    onChange([...value, person]);
    setText("");
    setActive(0);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" && open) {
      event.preventDefault();
      setActive((index) => Math.min(index + 1, options.length - 1));
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === "Enter") {
      // Picks the highlighted teammate; never submits the draft from the To field.
      event.preventDefault();
      if (open && options[active]) choose(options[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setDismissed(true);
    } else if (event.key === "Backspace" && text === "" && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  };

  return (
    <div className="relative flex min-w-0 flex-1 flex-wrap items-center gap-1.5 rounded-md px-1 focus-within:ring-2 focus-within:ring-brand-600/30">
      <label htmlFor={inputId} className="text-sm font-medium text-slate-600">
        To
      </label>
      {value.map((person) => (
        <span
          key={person.id}
          className="inline-flex items-center gap-1 rounded-full bg-brand-50 py-0.5 pl-1 pr-1.5 text-sm text-brand-800"
        >
          <Avatar name={person.name} size="sm" />
          {person.name}
          <button
            type="button"
            aria-label={`Remove ${person.name}`}
            onClick={() => onChange(value.filter((p) => p.id !== person.id))}
            className="rounded-full p-0.5 hover:bg-brand-100"
          >
            <X aria-hidden="true" className="size-3.5" />
          </button>
        </span>
      ))}
      <input
        ref={input}
        id={inputId}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && options[active] ? `${listId}-${options[active].id}` : undefined}
        autoComplete="off"
        placeholder={value.length === 0 ? "Type @ and a name" : ""}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setDismissed(false);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setDismissed(true)}
        onFocus={() => setDismissed(false)}
        className="min-w-32 flex-1 border-0 bg-transparent py-1.5 text-sm outline-none placeholder:text-slate-500 focus-visible:outline-none"
      />
      {open && (
        <div
          id={listId}
          role="listbox"
          aria-label="Matching teammates"
          className="absolute left-0 top-full z-30 mt-1 max-h-64 w-72 overflow-y-auto rounded-md border border-slate-200 bg-white p-1 shadow-lg"
        >
          {options.map((person, index) => (
            <div
              key={person.id}
              tabIndex={-1}
              id={`${listId}-${person.id}`}
              role="option"
              aria-selected={index === active}
              // mousedown, not click: it fires before the input's blur closes the list.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(person);
              }}
              onMouseEnter={() => setActive(index)}
              className={`flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 ${index === active ? "bg-brand-50" : ""}`}
            >
              <Avatar name={person.name} size="sm" />
              <span className="min-w-0">
                <span className="block truncate text-sm font-medium text-slate-900">{person.name}</span>
                <span className="block truncate text-xs text-slate-600">{person.email}</span>
              </span>
            </div>
          ))}
          {options.length === 0 && <p className="px-2 py-1.5 text-sm text-slate-600">No teammates match.</p>}
        </div>
      )}
    </div>
  );
}
