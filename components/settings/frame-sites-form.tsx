"use client";

import { useState } from "react";
import { saveChatFrameSites } from "@/app/(app)/settings/actions";
import { inputClass } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { SaveBar } from "./save-bar";
import { useSave } from "./use-save";

/** The sites allowed to frame the chat page (the widget), one per line. */
export function FrameSitesForm({ initial }: { initial: string[] }) {
  // Kept as typed until saved; then shown as stored (normalized, deduplicated).
  const [text, setText] = useState(initial.join("\n"));
  const [saved, setSaved] = useState(initial);
  const { pending, outcome, save } = useSave(saveChatFrameSites, ({ chatFrameAncestors }) => {
    setSaved(chatFrameAncestors);
    setText(chatFrameAncestors.join("\n"));
  });
  const dirty = lines(text).join("\n") !== saved.join("\n");
  const error = outcome && !outcome.saved ? outcome.fieldErrors?.sites?.[0] : undefined;
  const id = "field-chatFrameAncestors";
  return (
    <form
      className="space-y-1 rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(event) => {
        event.preventDefault();
        save({ sites: lines(text) });
      }}
    >
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        Sites that may show the chat widget
      </label>
      <textarea
        id={id}
        name="chatFrameAncestors"
        rows={4}
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder={"https://www.example.com\nhttps://*.example.com"}
        spellCheck={false}
        autoCapitalize="none"
        autoComplete="off"
        className={`${inputClass} font-mono`}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
      />
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        One site per line, such as https://www.example.com, or https://*.example.com for all its subdomains.
        Other sites cannot show your chat page in a frame (this app always can, for the preview). Leave empty
        to allow any site.
      </p>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      {outcome && !outcome.saved && !error && <FormError message={outcome.message} />}
      <SaveBar pending={pending} saved={outcome?.saved === true} dirty={dirty} />
    </form>
  );
}

function lines(text: string) {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}
