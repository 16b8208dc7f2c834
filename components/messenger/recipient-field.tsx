"use client";

import { X } from "lucide-react";
import { Fragment, type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { searchCustomersAction } from "@/app/(app)/items/actions";
import { searchPeopleAction, searchTeamMembersAction } from "@/app/(app)/messenger/actions";
import { Avatar } from "@/components/ui/avatar";
import type { PersonOption } from "@/lib/people/team-members";
import { optionId, PeopleListbox, PersonLines } from "./people-listbox";
import { useSearch } from "./use-search";

/** Someone in the To field: a teammate, a customer, or an address to add as a new customer. */
export type Recipient = PersonOption & { isNew?: boolean };

const searchTeam = async (input: { query: string }) => {
  const result = await searchTeamMembersAction(input);
  return result.ok
    ? { ...result, data: result.data.map((p): Recipient => ({ ...p, kind: "user" })) }
    : result;
};

// Loose on purpose: the server has the last word on what is a valid address.
const looksLikeEmail = (text: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.trim());

/** What to search for: the text after the last `@`, or the whole text when there is none. */
function searchTerm(text: string): string | null {
  // A whole email address (with or without the leading @) is searched as typed.
  const whole = text.trim().replace(/^@/, "");
  if (looksLikeEmail(whole)) return whole;
  const at = text.lastIndexOf("@");
  if (at >= 0) return text.slice(at + 1);
  return text.trim() ? text.trim() : null;
}

const searchCustomers = async (input: { query: string }) => {
  const result = await searchCustomersAction(input);
  return result.ok
    ? { ...result, data: result.data.map((p): Recipient => ({ ...p, kind: "customer" })) }
    : result;
};

/**
 * The To field: chips for the people chosen, and a combobox that lists people as you type `@` and
 * part of a name or email: teammates, and for a customer conversation customers too, each marked
 * as which. There, a new address is offered as a new customer. Arrow keys move, Enter picks,
 * Escape closes, Backspace removes. With `only="customers"` it picks one existing customer (a
 * ticket's Requester).
 */
export function RecipientField({
  value,
  onChange,
  withCustomers = false,
  only,
  label = "To",
  autoFocus = true,
}: {
  value: Recipient[];
  onChange: (people: Recipient[]) => void;
  withCustomers?: boolean;
  only?: "customers";
  label?: string;
  autoFocus?: boolean;
}) {
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const full = only === "customers" && value.length > 0;
  const term = dismissed || full ? null : searchTerm(text);
  const { results, loading } = useSearch<Recipient>(
    term,
    only === "customers" ? searchCustomers : withCustomers ? searchPeopleAction : searchTeam,
  );
  const found = results.filter((person) => !value.some((chosen) => chosen.id === person.id));
  const address = term?.trim().toLowerCase() ?? "";
  const offerNew =
    withCustomers &&
    !loading &&
    looksLikeEmail(address) &&
    ![...results, ...value].some((person) => person.email.toLowerCase() === address);
  const options: Recipient[] = offerNew
    ? [...found, { id: `new:${address}`, kind: "customer", name: address, email: address, isNew: true }]
    : found;
  const open = term !== null && (options.length > 0 || !loading);
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  // A new draft starts in To, so the keyboard goes straight to choosing people.
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);
  const listId = useId();

  const choose = (person: Recipient) => {
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
        {label}
      </label>
      {value.map((person) => (
        <span
          key={person.id}
          className="inline-flex items-center gap-1 rounded-full bg-brand-50 py-0.5 pl-1 pr-1.5 text-sm text-brand-800"
        >
          <Avatar name={person.name} size="sm" />
          {person.name}
          {person.kind === "customer" && <KindTag kind="customer" isNew={person.isNew} />}
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
        aria-activedescendant={open && options[active] ? optionId(listId, options[active]) : undefined}
        autoComplete="off"
        placeholder={
          value.length === 0
            ? only === "customers"
              ? "Type @ and the customer's name or email"
              : withCustomers
                ? "Type @ and a name, or an email address"
                : "Type @ and a name"
            : ""
        }
        hidden={full}
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
        <PeopleListbox
          id={listId}
          label={
            only === "customers"
              ? "Matching customers"
              : withCustomers
                ? "Matching people"
                : "Matching teammates"
          }
          className="top-full mt-1 max-w-[calc(100vw-2rem)]"
          people={options}
          active={active}
          onChoose={choose}
          onHover={setActive}
          empty={
            only === "customers"
              ? "No customer matches."
              : withCustomers
                ? "Nobody matches. Type a full email address to add a new customer."
                : "No teammates match."
          }
          personText={(person) =>
            person.isNew ? (
              // The whole address it will add, wrapped rather than cut, so a typo shows before it is sent to.
              <span className="min-w-0 flex-1">
                <span className="block text-xs text-slate-600">Add as a new customer</span>
                <span className="block text-sm font-medium text-slate-900 [overflow-wrap:anywhere]">
                  <AddressWithBreaks address={person.email} />
                </span>
              </span>
            ) : (
              <PersonLines person={person} />
            )
          }
          tag={(person) => withCustomers && !person.isNew && <KindTag kind={person.kind} />}
        />
      )}
    </div>
  );
}

/** An address that may wrap after its @ and its dots, where a reader expects it to, rather than mid-word. */
function AddressWithBreaks({ address }: { address: string }) {
  return address.split(/(?<=[@.])/).map((part, index) => (
    // The parts are the address's own, in order; nothing reorders them.
    // biome-ignore lint/suspicious/noArrayIndexKey: a static split of one string
    <Fragment key={index}>
      {index > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}

/** "Customer" or "Team", so that nobody writes to a customer thinking they are a teammate. */
function KindTag({ kind, isNew }: { kind: Recipient["kind"]; isNew?: boolean }) {
  return (
    <span
      className={`shrink-0 rounded px-1.5 py-0.5 text-[11px] font-semibold ${kind === "customer" ? "bg-amber-100 text-amber-900" : "bg-slate-100 text-slate-700"}`}
    >
      {isNew ? "New customer" : kind === "customer" ? "Customer" : "Team"}
    </span>
  );
}
