"use client";

import { useState } from "react";
import { saveWorkspaceSettings } from "@/app/(app)/settings/actions";
import { inputClass } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { formatDuration, MAX_EMAIL_DELAY_SECONDS, parseDuration } from "@/lib/settings/email-delay";
import type { WorkspaceSettings } from "@/lib/settings/workspace-settings";
import { SaveBar } from "./save-bar";
import { SwitchField } from "./switch-field";
import { useSave } from "./use-save";

export function WorkspaceSettingsForm({ initial }: { initial: WorkspaceSettings }) {
  // The delay is kept as typed, so a half-typed or wrong value is shown back with its error; it
  // starts, and is shown again once saved, in words ("1 minute").
  const [delay, setDelay] = useState(formatDuration(initial.emailDelaySeconds));
  const [teamEmailEnabled, setTeamEmailEnabled] = useState(initial.teamEmailEnabled);
  const [customerEmailEnabled, setCustomerEmailEnabled] = useState(initial.customerEmailEnabled);
  const [saved, setSaved] = useState(initial);
  const { pending, outcome, save } = useSave(saveWorkspaceSettings, (settings) => {
    setSaved(settings);
    setDelay(formatDuration(settings.emailDelaySeconds)); // "90" was saved as 1 minute 30 seconds
  });
  const dirty =
    parseDuration(delay) !== saved.emailDelaySeconds ||
    teamEmailEnabled !== saved.teamEmailEnabled ||
    customerEmailEnabled !== saved.customerEmailEnabled;
  const delayError = outcome && !outcome.saved ? outcome.fieldErrors?.emailDelaySeconds?.[0] : undefined;
  return (
    <form
      className="rounded-lg border border-slate-200 bg-white px-4 pb-4"
      onSubmit={(event) => {
        event.preventDefault();
        save({ emailDelaySeconds: delay, teamEmailEnabled, customerEmailEnabled });
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
        <DelayField
          value={delay}
          onChange={setDelay}
          disabled={!teamEmailEnabled && !customerEmailEnabled}
          error={delayError}
        />
      </div>
      {outcome && !outcome.saved && !delayError && <FormError message={outcome.message} />}
      <SaveBar pending={pending} saved={outcome?.saved === true} dirty={dirty} />
    </form>
  );
}

/**
 * The delay, typed as seconds ("90") or with units ("5 min", "2 hours"), with how it reads in
 * words beside it whenever that says more than what was typed.
 */
function DelayField({
  value,
  onChange,
  disabled,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  disabled: boolean;
  error?: string;
}) {
  const id = "field-emailDelaySeconds";
  const seconds = parseDuration(value);
  const reading =
    seconds !== null && Number.isInteger(seconds) && seconds <= MAX_EMAIL_DELAY_SECONDS
      ? formatDuration(seconds)
      : null;
  const sayReading = reading !== null && reading.toLowerCase() !== value.trim().toLowerCase();
  return (
    <div className="space-y-1 py-4">
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        Email delay
      </label>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <input
          id={id}
          name="emailDelaySeconds"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          disabled={disabled}
          autoComplete="off"
          spellCheck={false}
          className={`${inputClass} max-w-48 disabled:bg-slate-50 disabled:text-slate-500`}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-reading ${error ? `${id}-error` : `${id}-hint`}`}
        />
        <p id={`${id}-reading`} aria-live="polite" className="text-sm text-slate-700">
          {sayReading && `= ${reading}`}
        </p>
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          How long a message may stay unseen before it is emailed to a team member, or to a customer who is on
          live chat: up to 24 hours. Type seconds (90) or a duration (5 min, 1 h 30 min). The default is 1
          minute.
        </p>
      )}
    </div>
  );
}
