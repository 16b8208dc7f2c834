"use client";

import { useState } from "react";
import { saveWorkspaceSettings } from "@/app/(app)/settings/actions";
import { inputClass, Legend, selectClass } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import {
  formatDuration,
  MAX_EDIT_WINDOW_SECONDS,
  MAX_EMAIL_DELAY_SECONDS,
  parseDuration,
} from "@/lib/settings/durations";
import type { WorkspaceSettings } from "@/lib/settings/workspace-settings";
import { EMAIL_OPTIONS } from "./notification-settings-form";
import { SaveBar } from "./save-bar";
import { SwitchField } from "./switch-field";
import { useSave } from "./use-save";

/** The settings chosen from a list or a switch, beside the email ones, saved as they are. */
type Choices = Pick<
  WorkspaceSettings,
  "newMemberBubble" | "newMemberSound" | "newMemberEmailChoice" | "itemDefaultVisibility"
>;
const choicesOf = ({
  newMemberBubble,
  newMemberSound,
  newMemberEmailChoice,
  itemDefaultVisibility,
}: Choices) => ({
  newMemberBubble,
  newMemberSound,
  newMemberEmailChoice,
  itemDefaultVisibility,
});

const VISIBILITY_OPTIONS: { value: Choices["itemDefaultVisibility"]; label: string }[] = [
  { value: "public", label: "Reply to customer" },
  { value: "internal", label: "Internal message" },
];

export function WorkspaceSettingsForm({ initial }: { initial: WorkspaceSettings }) {
  // The delay is kept as typed, so a half-typed or wrong value is shown back with its error; it
  // starts, and is shown again once saved, in words ("1 minute").
  const [delay, setDelay] = useState(formatDuration(initial.emailDelaySeconds));
  const [editWindow, setEditWindow] = useState(formatDuration(initial.messageEditWindowSeconds));
  const [teamEmailEnabled, setTeamEmailEnabled] = useState(initial.teamEmailEnabled);
  const [customerEmailEnabled, setCustomerEmailEnabled] = useState(initial.customerEmailEnabled);
  const [choices, setChoices] = useState(choicesOf(initial));
  const choose = (change: Partial<Choices>) => setChoices({ ...choices, ...change });
  const [saved, setSaved] = useState(initial);
  const { pending, outcome, save } = useSave(saveWorkspaceSettings, (settings) => {
    setSaved(settings);
    setDelay(formatDuration(settings.emailDelaySeconds)); // "90" was saved as 1 minute 30 seconds
    setEditWindow(formatDuration(settings.messageEditWindowSeconds));
  });
  const dirty =
    parseDuration(delay) !== saved.emailDelaySeconds ||
    parseDuration(editWindow) !== saved.messageEditWindowSeconds ||
    teamEmailEnabled !== saved.teamEmailEnabled ||
    customerEmailEnabled !== saved.customerEmailEnabled ||
    Object.entries(choices).some(([key, value]) => saved[key as keyof Choices] !== value);
  const fieldError = (name: "emailDelaySeconds" | "messageEditWindowSeconds") =>
    outcome && !outcome.saved ? outcome.fieldErrors?.[name]?.[0] : undefined;
  const [delayError, editWindowError] = [
    fieldError("emailDelaySeconds"),
    fieldError("messageEditWindowSeconds"),
  ];
  return (
    <form
      className="rounded-lg border border-slate-200 bg-white px-4 pb-4"
      onSubmit={(event) => {
        event.preventDefault();
        save({
          emailDelaySeconds: delay,
          teamEmailEnabled,
          customerEmailEnabled,
          messageEditWindowSeconds: editWindow,
          ...choices,
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
        <DurationField
          name="emailDelaySeconds"
          label="Email delay"
          max={MAX_EMAIL_DELAY_SECONDS}
          value={delay}
          onChange={setDelay}
          disabled={!teamEmailEnabled && !customerEmailEnabled}
          error={delayError}
          hint="How long a message may stay unseen before it is emailed to a team member, or to a customer who is on live chat: up to 24 hours. Type seconds (90) or a duration (5 min, 1 h 30 min). The default is 1 minute."
        />
        <DurationField
          name="messageEditWindowSeconds"
          label="Time to edit or delete a message"
          max={MAX_EDIT_WINDOW_SECONDS}
          value={editWindow}
          onChange={setEditWindow}
          error={editWindowError}
          hint="How long after sending it people (team members and customers) may still fix or delete their own message: up to 7 days; 0 turns it off. Admins may delete any team member's message at any time. The default is 15 minutes."
        />
        <fieldset className="space-y-1 py-4">
          {/* Floated, so that it lays out as a line of text, not in the fieldset's border. */}
          <Legend>New members start with</Legend>
          <p className="clear-left text-sm text-slate-600">
            The notification settings of someone who joins from now on. Each member can change their own.
          </p>
          <div className="divide-y divide-slate-100">
            <SwitchField
              name="newMemberBubble"
              label="A bubble for new messages"
              description="A small notice in the corner while they are somewhere else in the app."
              checked={choices.newMemberBubble}
              onChange={(newMemberBubble) => choose({ newMemberBubble })}
            />
            <SwitchField
              name="newMemberSound"
              label="A sound"
              description="A short chime with a bubble, or when a message arrives while their tab is hidden."
              checked={choices.newMemberSound}
              onChange={(newMemberSound) => choose({ newMemberSound })}
            />
            <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 pt-4">
              <label htmlFor="field-newMemberEmailChoice" className="text-sm font-medium text-slate-900">
                Email about messages they have not seen
              </label>
              <select
                id="field-newMemberEmailChoice"
                className={selectClass}
                value={choices.newMemberEmailChoice}
                onChange={(event) =>
                  choose({ newMemberEmailChoice: event.target.value as Choices["newMemberEmailChoice"] })
                }
              >
                {EMAIL_OPTIONS.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </fieldset>
        <fieldset className="py-4">
          <Legend>A new message on a ticket starts as</Legend>
          <p className="clear-left pt-0.5 text-sm text-slate-600">
            The tab the reply box of a ticket opens on. Tasks have no customer, so their messages are always
            internal.
          </p>
          <div className="mt-3 flex flex-wrap gap-x-6 gap-y-2">
            {VISIBILITY_OPTIONS.map((option) => (
              <label key={option.value} className="flex items-center gap-2 text-sm text-slate-900">
                <input
                  type="radio"
                  name="itemDefaultVisibility"
                  value={option.value}
                  checked={choices.itemDefaultVisibility === option.value}
                  onChange={() => choose({ itemDefaultVisibility: option.value })}
                  className="size-4 accent-brand-600"
                />
                {option.label}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      {outcome && !outcome.saved && !delayError && !editWindowError && (
        <FormError message={outcome.message} />
      )}
      <SaveBar pending={pending} saved={outcome?.saved === true} dirty={dirty} />
    </form>
  );
}

/**
 * A duration, typed as seconds ("90") or with units ("5 min", "2 hours"), with how it reads in
 * words beside it whenever that says more than what was typed.
 */
function DurationField({
  name,
  label,
  hint,
  max,
  value,
  onChange,
  disabled = false,
  error,
}: {
  name: string;
  label: string;
  hint: string;
  max: number;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  error?: string;
}) {
  const id = `field-${name}`;
  const seconds = parseDuration(value);
  const reading =
    seconds !== null && Number.isInteger(seconds) && seconds <= max ? formatDuration(seconds) : null;
  const sayReading = reading !== null && reading.toLowerCase() !== value.trim().toLowerCase();
  return (
    <div className="space-y-1 py-4">
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {label}
      </label>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <input
          id={id}
          name={name}
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
          {hint}
        </p>
      )}
    </div>
  );
}
