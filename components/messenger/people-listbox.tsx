"use client";

import clsx from "clsx";
import type { ReactNode } from "react";
import { Avatar } from "@/components/ui/avatar";
import type { TeamMemberOption } from "@/lib/people/team-members";

/** The id of a person's option, for the field's aria-activedescendant. */
export const optionId = (listId: string, person: { id: string }) => `${listId}-${person.id}`;

/**
 * The list under (or over) a field that finds people as they type: the To field's, and the `@` of
 * the Message box. The field keeps the focus and moves `active` with the arrow keys; a click picks.
 */
export function PeopleListbox<T extends TeamMemberOption>({
  id,
  label,
  people,
  active,
  onChoose,
  onHover,
  empty,
  className,
  personText = (person) => <PersonLines person={person} />,
  tag,
}: {
  id: string;
  label: string;
  people: T[];
  active: number;
  onChoose: (person: T) => void;
  onHover: (index: number) => void;
  /** Said when nobody matches. */
  empty: string;
  /** Where it opens, and how wide it may be on a narrow screen (it starts at the field's left edge). */
  className: string;
  personText?: (person: T) => ReactNode;
  tag?: (person: T) => ReactNode;
}) {
  return (
    <div
      id={id}
      role="listbox"
      aria-label={label}
      className={clsx(
        "absolute left-0 z-30 max-h-64 w-80 overflow-y-auto rounded-md border border-slate-200 bg-white p-1 shadow-lg",
        className,
      )}
    >
      {people.map((person, index) => (
        <div
          key={person.id}
          tabIndex={-1}
          id={optionId(id, person)}
          role="option"
          aria-selected={index === active}
          // mousedown, not click: it fires before the field's blur closes the list.
          onMouseDown={(event) => {
            event.preventDefault();
            onChoose(person);
          }}
          onMouseEnter={() => onHover(index)}
          className={`flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 ${index === active ? "bg-brand-50" : ""}`}
        >
          <Avatar name={person.name} size="sm" />
          {personText(person)}
          {tag?.(person)}
        </div>
      ))}
      {people.length === 0 && <p className="px-2 py-1.5 text-sm text-slate-600">{empty}</p>}
    </div>
  );
}

/** A person's name over their address, each cut to one line. */
export function PersonLines({ person }: { person: TeamMemberOption }) {
  return (
    <span className="min-w-0 flex-1">
      <span className="block truncate text-sm font-medium text-slate-900">{person.name}</span>
      <span className="block truncate text-xs text-slate-600">{person.email}</span>
    </span>
  );
}
