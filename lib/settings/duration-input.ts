import { z } from "zod";
import { MAX_EDIT_WINDOW_SECONDS, MAX_EMAIL_DELAY_SECONDS, parseDuration } from "./durations";

// The checks on the durations a form sends: apart from durations.ts, which the settings form loads,
// so that zod stays on the server.

const EXAMPLES = "such as 90 (seconds), 5 min or 2 hours";

/**
 * A duration as a form sends it (the text as typed) or as code does (a number of seconds): whole
 * seconds from none to `max`, the range the schema's check allows. `what` names it in errors.
 */
function durationInput({ what, max, maxText }: { what: string; max: number; maxText: string }) {
  const enter = `Enter a ${what}, ${EXAMPLES}.`;
  return z
    .union([z.number(), z.string()], { error: enter })
    .transform((value, ctx) => {
      const seconds = typeof value === "number" ? value : parseDuration(value);
      if (seconds === null || !Number.isFinite(seconds)) {
        ctx.addIssue({ code: "custom", message: enter });
        return z.NEVER;
      }
      return seconds;
    })
    .pipe(
      z
        .number()
        .int(`Use whole seconds: the ${what} cannot include a fraction of a second.`)
        .min(0, `The ${what} cannot be negative.`)
        .max(max, `The ${what} can be at most ${maxText}.`),
    );
}

/** How long a message may stay unseen before it is emailed: none to a day. */
export const emailDelayInput = durationInput({
  what: "delay",
  max: MAX_EMAIL_DELAY_SECONDS,
  maxText: "24 hours (86,400 seconds)",
});

/** How long after sending a message its author may edit or delete it: none to a week. */
export const editWindowInput = durationInput({
  what: "time limit",
  max: MAX_EDIT_WINDOW_SECONDS,
  maxText: "7 days (604,800 seconds)",
});
