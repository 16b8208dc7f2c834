"use client";

import { useEffect, useId, useRef } from "react";
import { characterCount, MAX_MESSAGE_LENGTH } from "@/lib/conversations/message-body";

/** The Message box: Enter submits, Shift+Enter adds a new line (and Enter while composing with an IME does not send). */
export function MessageInput({
  value,
  onChange,
  onSubmit,
  placeholder,
  focusOnOpen,
}: {
  value: string;
  onChange: (value: string) => void;
  onSubmit: () => void;
  placeholder?: string;
  /** Take the focus when shown (an opened conversation), except on a touch screen, where it would pop up the keyboard over what the person came to read. */
  focusOnOpen?: boolean;
}) {
  const id = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (focusOnOpen && !window.matchMedia("(pointer: coarse)").matches)
      field.current?.focus({ preventScroll: true });
  }, [focusOnOpen]);
  const length = characterCount(value);
  const over = length > MAX_MESSAGE_LENGTH;
  return (
    <div className="min-w-0 flex-1">
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
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            onSubmit();
          }
        }}
        className="block max-h-48 min-h-[2.75rem] w-full resize-none [overflow-wrap:anywhere] rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 [field-sizing:content] placeholder:text-slate-500 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30"
      />
      {over && (
        <p id={`${id}-count`} className="mt-1 text-xs text-red-700">
          {length.toLocaleString("en-US")} / {MAX_MESSAGE_LENGTH.toLocaleString("en-US")} characters: shorten
          the message to send it.
        </p>
      )}
    </div>
  );
}
