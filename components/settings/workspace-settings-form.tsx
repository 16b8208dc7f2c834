"use client";

import { useState } from "react";
import { saveWorkspaceSettings } from "@/app/(app)/settings/actions";
import { Field } from "@/components/ui/field";
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
  const [saved, setSaved] = useState(initial);
  const { pending, outcome, save } = useSave(saveWorkspaceSettings, (settings) => {
    setSaved(settings);
    setDelay(String(settings.emailDelaySeconds)); // "060" was saved as 60
  });
  const dirty =
    delay !== String(saved.emailDelaySeconds) ||
    teamEmailEnabled !== saved.teamEmailEnabled ||
    customerEmailEnabled !== saved.customerEmailEnabled;
  const delayError = outcome && !outcome.saved ? outcome.fieldErrors?.emailDelaySeconds?.[0] : undefined;
  return (
    <form
      className="rounded-lg border border-slate-200 bg-white px-4 pb-4"
      onSubmit={(event) => {
        event.preventDefault();
        save({
          emailDelaySeconds: delay.trim() === "" ? Number.NaN : Number(delay),
          teamEmailEnabled,
          customerEmailEnabled,
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
          description="Customers who are not on the chat page get replies by email at once; those who are, after the delay if they have not seen them. Internal notes are never emailed to customers."
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
      </div>
      {outcome && !outcome.saved && !delayError && <FormError message={outcome.message} />}
      <SaveBar pending={pending} saved={outcome?.saved === true} dirty={dirty} />
    </form>
  );
}
