"use client";

import { useState } from "react";
import { saveNotificationSettings } from "@/app/(app)/settings/actions";
import { FormError } from "@/components/ui/form-error";
import type { NotificationSettings } from "@/lib/settings/notification-settings";
import { SaveBar } from "./save-bar";
import { SwitchField } from "./switch-field";
import { useSave } from "./use-save";

export function NotificationSettingsForm({ initial }: { initial: NotificationSettings }) {
  const [values, setValues] = useState(initial);
  const [savedValues, setSavedValues] = useState(initial);
  const { pending, outcome, save } = useSave(saveNotificationSettings, setSavedValues);
  const dirty = values.email !== savedValues.email || values.bubble !== savedValues.bubble;
  return (
    <form
      className="rounded-lg border border-slate-200 bg-white px-4 pb-4"
      onSubmit={(event) => {
        event.preventDefault();
        save(values);
      }}
    >
      <div className="divide-y divide-slate-100">
        <SwitchField
          name="email"
          label="Email me about messages I have not seen"
          description="After the workspace's delay, unseen messages in one conversation arrive in one email."
          checked={values.email}
          onChange={(email) => setValues({ ...values, email })}
        />
        <SwitchField
          name="bubble"
          label="Show a bubble for new messages"
          description="A small notice in the corner while you are somewhere else in the app."
          checked={values.bubble}
          onChange={(bubble) => setValues({ ...values, bubble })}
        />
      </div>
      {outcome && !outcome.saved && <FormError message={outcome.message} />}
      <SaveBar pending={pending} saved={outcome?.saved === true} dirty={dirty} />
    </form>
  );
}
