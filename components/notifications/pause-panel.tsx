"use client";

import { BellOff } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { useHydrated } from "@/components/ui/use-hydrated";
import { formatUpcoming } from "@/lib/format-time";
import { pauseEnds, toLocalInput } from "@/lib/settings/pause-ends";
import { usePause } from "./use-pause";

/** Settings → Notifications: pause for an hour, until tomorrow morning or until a chosen time; or resume. */
export function PausePanel({ pausedUntil: initial }: { pausedUntil: Date | null }) {
  const { pausedUntil, error, pending, pause, resume } = usePause(initial);
  const [chosen, setChosen] = useState("");
  const hydrated = useHydrated();
  const timeZone = hydrated ? undefined : "UTC";
  return (
    <section aria-labelledby="pause-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="pause-heading" className="text-base font-semibold text-slate-900">
        Pause notifications
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        While paused: no bubbles, sounds, emails or pushes. Emails and pushes wait for the pause to end, and
        are not sent if you have seen the messages by then.
      </p>
      {pausedUntil ? (
        <div className="mt-4 flex flex-wrap items-center gap-3">
          <p role="status" className="flex items-center gap-2 text-sm font-medium text-amber-800">
            <BellOff aria-hidden="true" className="size-4" />
            <span suppressHydrationWarning>
              Paused until {formatUpcoming(pausedUntil, new Date(), timeZone)}.
            </span>
          </p>
          <Button variant="secondary" busy={pending} onClick={resume}>
            Resume notifications
          </Button>
        </div>
      ) : (
        <div className="mt-4 space-y-4">
          <div className="flex flex-wrap gap-2">
            <Button
              variant="secondary"
              disabled={pending}
              onClick={() => pause(pauseEnds.oneHour(new Date()))}
            >
              Pause for 1 hour
            </Button>
            <Button
              variant="secondary"
              disabled={pending}
              onClick={() => pause(pauseEnds.tomorrowMorning(new Date()))}
            >
              Pause until tomorrow 8:00
            </Button>
          </div>
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              if (chosen) pause(new Date(chosen));
            }}
          >
            <div>
              <label htmlFor="pause-until" className="block text-sm font-medium text-slate-900">
                Until a time you choose
              </label>
              <input
                id="pause-until"
                type="datetime-local"
                required
                value={chosen}
                min={hydrated ? toLocalInput(new Date()) : undefined}
                onChange={(event) => setChosen(event.target.value)}
                className="mt-1 rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600"
              />
            </div>
            <Button type="submit" variant="secondary" disabled={pending || !chosen}>
              Pause until then
            </Button>
          </form>
        </div>
      )}
      {error && (
        <div className="mt-3">
          <FormError message={error} />
        </div>
      )}
    </section>
  );
}
