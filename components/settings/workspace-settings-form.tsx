"use client";

import { useState } from "react";
import { saveWorkspaceSettings } from "@/app/(app)/settings/actions";
import { Field, inputClass } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import type { WorkspaceSettings } from "@/lib/settings/workspace-settings";
import { SaveBar } from "./save-bar";
import { SwitchField } from "./switch-field";
import { useSave } from "./use-save";

export function WorkspaceSettingsForm({ initial }: { initial: WorkspaceSettings }) {
  // The delay is kept as typed, so a half-typed or wrong value is shown back with its error.
  const [delay, setDelay] = useState(String(initial.emailDelaySeconds));
  const [teamEmailEnabled, setTeamEmailEnabled] = useState(initial.teamEmailEnabled);
  const [customerEmailEnabled, setCustomerEmailEnabled] = useState(initial.customerEmailEnabled);
  // One site per line, kept as typed until saved; then shown as stored (normalized, deduplicated).
  const [frameSites, setFrameSites] = useState(initial.chatFrameAncestors.join("\n"));
  const [saved, setSaved] = useState(initial);
  const { pending, outcome, save } = useSave(saveWorkspaceSettings, (settings) => {
    setSaved(settings);
    setDelay(String(settings.emailDelaySeconds)); // "060" was saved as 60
    setFrameSites(settings.chatFrameAncestors.join("\n"));
  });
  const dirty =
    delay !== String(saved.emailDelaySeconds) ||
    teamEmailEnabled !== saved.teamEmailEnabled ||
    customerEmailEnabled !== saved.customerEmailEnabled ||
    lines(frameSites).join("\n") !== saved.chatFrameAncestors.join("\n");
  const fieldErrors = outcome && !outcome.saved ? outcome.fieldErrors : undefined;
  const delayError = fieldErrors?.emailDelaySeconds?.[0];
  const frameSitesError = fieldErrors?.chatFrameAncestors?.[0];
  return (
    <form
      className="rounded-lg border border-slate-200 bg-white px-4 pb-4"
      onSubmit={(event) => {
        event.preventDefault();
        save({
          emailDelaySeconds: delay.trim() === "" ? Number.NaN : Number(delay),
          teamEmailEnabled,
          customerEmailEnabled,
          chatFrameAncestors: lines(frameSites),
        });
      }}
    >
      <div className="divide-y divide-slate-100">
        <SwitchField
          name="teamEmailEnabled"
          label="Email team members about messages they have not seen"
          description="Off: team members hear about messages in the app only."
          checked={teamEmailEnabled}
          onChange={setTeamEmailEnabled}
        />
        <SwitchField
          name="customerEmailEnabled"
          label="Email customers the replies they miss on live chat"
          description="Customers who are not on the chat page get replies by email at once; those who are, after the delay if they have not seen them. Internal messages are never emailed to customers."
          checked={customerEmailEnabled}
          onChange={setCustomerEmailEnabled}
        />
        <div className="py-4">
          <Field
            label="Email delay, in seconds"
            name="emailDelaySeconds"
            inputMode="numeric"
            value={delay}
            onChange={(event) => setDelay(event.target.value)}
            disabled={!teamEmailEnabled && !customerEmailEnabled}
            hint="How long a message may stay unseen before it is emailed to a team member, or to a customer who is on live chat: 0 to 86,400 (24 hours). The default is 60."
            error={delayError}
          />
        </div>
        <FrameSitesField value={frameSites} onChange={setFrameSites} error={frameSitesError} />
      </div>
      {outcome && !outcome.saved && !delayError && !frameSitesError && (
        <FormError message={outcome.message} />
      )}
      <SaveBar pending={pending} saved={outcome?.saved === true} dirty={dirty} />
    </form>
  );
}

/** The sites allowed to frame the chat page (the widget), one per line. */
function FrameSitesField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const id = "field-chatFrameAncestors";
  return (
    <div className="space-y-1 py-4">
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        Sites that may show the chat widget
      </label>
      <textarea
        id={id}
        name="chatFrameAncestors"
        rows={4}
        value={value}
        onChange={(event) => onChange(event.target.value)}
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
        Other sites cannot show your chat page in a frame. Leave empty to allow any site.
      </p>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

function lines(text: string) {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}
