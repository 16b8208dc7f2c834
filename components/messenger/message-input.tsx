"use client";

import { useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { characterCount, MAX_MESSAGE_LENGTH } from "@/lib/conversations/lengths";
import { mentionQueryAt } from "@/lib/mentions/mention-text";
import type { TeamMemberOption } from "@/lib/people/team-members";
import type { ActionResult } from "@/lib/server-action";
import { optionId, PeopleListbox } from "./people-listbox";
import { useSearch } from "./use-search";

/** The `@` of a team member's Message box: whom it may mention, and what to do with a pick. */
export type MentionPicking = {
  search: (input: { query: string }) => Promise<ActionResult<TeamMemberOption[]>>;
  onPick: (person: TeamMemberOption) => void;
};

/**
 * The Message box: Enter submits, Shift+Enter adds a new line (and Enter while composing with an
 * IME does not send). With `mentions`, typing `@` lists the teammates who may be mentioned, as the
 * To field does: arrow keys move, Enter or Tab picks (writing "@Name "), Escape closes.
 */
export function MessageInput({
  value,
  onChange,
  onSubmit,
  placeholder,
  focusOnOpen,
  mentions,
}: {
  value: string;
  onChange: (value: string) => void;
  onSubmit: () => void;
  placeholder?: string;
  /** Take the focus when shown (an opened conversation), except on a touch screen, where it would pop up the keyboard over what the person came to read. */
  focusOnOpen?: boolean;
  mentions?: MentionPicking;
}) {
  const id = useId();
  const listId = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (focusOnOpen && !window.matchMedia("(pointer: coarse)").matches)
      field.current?.focus({ preventScroll: true });
  }, [focusOnOpen]);

  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  // The @ whose list was closed with Escape (or by leaving the field) stays closed.
  const [dismissed, setDismissed] = useState<number | null>(null);
  const typing = mentions ? mentionQueryAt(value, caret) : null;
  const asking = typing && typing.start !== dismissed ? typing : null;
  const { results, loading } = useSearch(asking ? asking.query : null, mentions?.search ?? noSearch);
  // Past a space, a name that matches nobody is just text: the list goes away.
  const open = asking !== null && (results.length > 0 || (!loading && !asking.query.includes(" ")));
  // After a pick, the caret goes after the name it wrote.
  const caretAfterPick = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (caretAfterPick.current === null || !field.current) return;
    field.current.setSelectionRange(caretAfterPick.current, caretAfterPick.current);
    setCaret(caretAfterPick.current);
    caretAfterPick.current = null;
  });

  const pick = (person: TeamMemberOption) => {
    if (!asking || !mentions) return;
    const written = `@${person.name} `;
    onChange(value.slice(0, asking.start) + written + value.slice(caret));
    caretAfterPick.current = asking.start + written.length;
    mentions.onPick(person);
    setActive(0);
  };

  const length = characterCount(value);
  const over = length > MAX_MESSAGE_LENGTH;
  return (
    <div className="relative min-w-0 flex-1">
      <label htmlFor={id} className="sr-only">
        Message
      </label>
      <textarea
        id={id}
        ref={field}
        rows={2}
        value={value}
        placeholder={placeholder}
        aria-invalid={over || undefined}
        aria-describedby={over ? `${id}-count` : undefined}
        aria-autocomplete={mentions ? "list" : undefined}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open && results[active] ? optionId(listId, results[active]) : undefined}
        onChange={(event) => {
          onChange(event.target.value);
          setCaret(event.target.selectionStart);
          setActive(0);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onBlur={() => setDismissed(typing?.start ?? null)}
        onFocus={() => setDismissed(null)}
        onKeyDown={(event) => {
          if (open && event.key === "ArrowDown") {
            event.preventDefault();
            setActive((index) => Math.min(index + 1, results.length - 1));
          } else if (open && event.key === "ArrowUp") {
            event.preventDefault();
            setActive((index) => Math.max(index - 1, 0));
          } else if (open && (event.key === "Enter" || event.key === "Tab") && results[active]) {
            event.preventDefault();
            pick(results[active]);
          } else if (open && event.key === "Escape") {
            event.preventDefault();
            setDismissed(asking?.start ?? null);
          } else if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            onSubmit();
          }
        }}
        className="block max-h-48 min-h-[2.75rem] w-full resize-none [overflow-wrap:anywhere] rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 [field-sizing:content] placeholder:text-slate-500 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30"
      />
      {open && (
        <PeopleListbox
          id={listId}
          label="Teammates to mention"
          // The field starts after the Attach button: the list keeps clear of the screen's right edge.
          className="bottom-full mb-1 max-w-[calc(100vw-5rem)]"
          people={results}
          active={active}
          onChoose={pick}
          onHover={setActive}
          empty="No teammate who can see this conversation matches."
        />
      )}
      {over && (
        <p id={`${id}-count`} className="mt-1 text-xs text-red-700">
          {length.toLocaleString("en-US")} / {MAX_MESSAGE_LENGTH.toLocaleString("en-US")} characters: shorten
          the message to send it.
        </p>
      )}
    </div>
  );
}

const noSearch = async () => ({ ok: true as const, data: [] });
