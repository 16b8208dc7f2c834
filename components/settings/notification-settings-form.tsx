"use client";

import clsx from "clsx";
import { type ReactNode, useState } from "react";
import { saveNotificationSettings } from "@/app/(app)/settings/actions";
import { Legend } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import type { EmailChoice, NotificationSettings } from "@/lib/settings/notification-settings";
import { SaveBar } from "./save-bar";
import { SwitchField } from "./switch-field";
import { useSave } from "./use-save";

export const EMAIL_OPTIONS: { value: EmailChoice; label: string; description: string }[] = [
  {
    value: "all",
    label: "All messages",
    description: "Every conversation and item you follow.",
  },
  {
    value: "direct",
    label: "Only direct conversations and mentions",
    description:
      "Internal conversations you take part in, messages that mention you, and items assigned to you.",
  },
  { value: "none", label: "None", description: "Nothing about messages. You still see them here." },
];

/**
 * The person's own settings. When an admin turned their email off, the email choice is kept but
 * cannot be changed, and says why: it counts again once an admin turns their email back on.
 */
export function NotificationSettingsForm({
  initial,
  emailOffByAdmin,
}: {
  initial: NotificationSettings;
  emailOffByAdmin: boolean;
}) {
  const [values, setValues] = useState(initial);
  const [savedValues, setSavedValues] = useState(initial);
  const { pending, outcome, save } = useSave(saveNotificationSettings, setSavedValues);
  const dirty =
    values.email !== savedValues.email ||
    values.push !== savedValues.push ||
    values.bubble !== savedValues.bubble ||
    values.sound !== savedValues.sound;
  return (
    <form
      aria-label="Notification settings"
      className="rounded-lg border border-slate-200 bg-white px-4 pb-4"
      onSubmit={(event) => {
        event.preventDefault();
        save(values);
      }}
    >
      <div className="divide-y divide-slate-100">
        <SwitchField
          name="bubble"
          label="Show a bubble for new messages"
          description="A small notice in the corner while you are somewhere else in the app."
          checked={values.bubble}
          onChange={(bubble) => setValues({ ...values, bubble })}
        />
        <SwitchField
          name="sound"
          label="Play a sound"
          description="A short chime with a bubble, or when a message arrives while this tab is hidden."
          checked={values.sound}
          onChange={(sound) => setValues({ ...values, sound })}
        />
        <ChoiceFieldset
          name="email"
          legend="Email me about messages I have not seen"
          value={values.email}
          onChange={(email) => setValues({ ...values, email })}
          disabled={emailOffByAdmin}
          note={
            emailOffByAdmin ? (
              <p
                role="note"
                className="clear-left mt-1 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200"
              >
                An admin turned your email off. You get no email about messages until an admin turns it back
                on; then your choice below counts again.
              </p>
            ) : (
              <p className="clear-left pt-0.5 text-sm text-slate-600">
                Unseen messages in one conversation arrive together, in one email.
              </p>
            )
          }
        />
        <ChoiceFieldset
          name="push"
          legend="Push"
          value={values.push}
          onChange={(push) => setValues({ ...values, push })}
          note={
            <p className="clear-left pt-0.5 text-sm text-slate-600">
              On the devices where you turned push notifications on, at once, while you are not in the app.
            </p>
          }
        />
      </div>
      {outcome && !outcome.saved && <FormError message={outcome.message} />}
      <SaveBar pending={pending} saved={outcome?.saved === true} dirty={dirty} />
    </form>
  );
}

/** One of the three levels, for email or push: radio buttons in a group named by its legend. */
function ChoiceFieldset({
  name,
  legend,
  value,
  onChange,
  disabled = false,
  note,
}: {
  name: string;
  legend: string;
  value: EmailChoice;
  onChange: (value: EmailChoice) => void;
  disabled?: boolean;
  note: ReactNode;
}) {
  return (
    <fieldset className="py-4" disabled={disabled} aria-describedby={`${name}-choice-note`}>
      <Legend>{legend}</Legend>
      <div id={`${name}-choice-note`}>{note}</div>
      <div className="mt-3 space-y-2">
        {EMAIL_OPTIONS.map((option) => (
          <label
            key={option.value}
            className={clsx(
              "flex items-start gap-3 rounded-md border px-3 py-2.5",
              disabled ? "cursor-not-allowed opacity-60" : "cursor-pointer",
              value === option.value ? "border-brand-600 bg-brand-50" : "border-slate-200",
            )}
          >
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
              aria-labelledby={`${name}-${option.value}-label`}
              aria-describedby={`${name}-${option.value}-description`}
              className="mt-0.5 size-4 accent-brand-600"
            />
            <span>
              <span id={`${name}-${option.value}-label`} className="block text-sm font-medium text-slate-900">
                {option.label}
              </span>
              <span id={`${name}-${option.value}-description`} className="block text-sm text-slate-600">
                {option.description}
              </span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
