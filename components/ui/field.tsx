import type { InputHTMLAttributes, ReactNode } from "react";

const fieldLook =
  "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 placeholder:text-slate-500 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30";

export const inputClass = `block w-full ${fieldLook}`;

/** A select that is as wide as its options, for filters side by side. */
export const selectClass = `min-w-0 ${fieldLook}`;

/** A labelled input with its hint and error, linked for screen readers. */
export function Field({
  label,
  name,
  hint,
  error,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; hint?: string; error?: string }) {
  const id = `field-${name}`;
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        name={name}
        className={inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...props}
      />
      {hint && !error && (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * A fieldset's legend as a line of text: floated, so that it is not drawn in the fieldset's border.
 * What follows it starts with `clear-left`.
 */
export function Legend({ children }: { children: ReactNode }) {
  return <legend className="float-left w-full text-sm font-medium text-slate-900">{children}</legend>;
}
