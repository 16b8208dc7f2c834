/**
 * The workspace's durations (the email delay, the time to edit a message), as people write them: "90", "90s", "1 min", "1h 30m",
 * "2 hours", "1.5 h". A number without a unit is seconds, as the field always took. Shown back
 * in words ("1 minute 30 seconds"), which parse again to the same value.
 */
export const MAX_EMAIL_DELAY_SECONDS = 86_400;
export const MAX_EDIT_WINDOW_SECONDS = 604_800;

const AMOUNT = String.raw`(\d+(?:\.\d+)?|\.\d+)`;
// Between parts: nothing, spaces, a comma, or "and" ("1 hour, 30 minutes", "1h and 30m").
const AND = String.raw`\s*,?\s*(?:and\s+)?`;
const unit = (spellings: string) => String.raw`(?:${AMOUNT}\s*(?:${spellings})(?![a-z]))?`;
/** Hours, minutes and seconds, each optional, in that order: "2h", "1 min 30 s", "1 hour and 5 minutes". */
const WITH_UNITS = new RegExp(
  `^${unit("h|hrs?|hours?")}${AND}${unit("m|mins?|minutes?")}${AND}${unit("s|secs?|seconds?")}$`,
);
const BARE_NUMBER = new RegExp(`^${AMOUNT}$`);

/** The seconds a written duration names, or null when it is not one (empty, a bad unit, a sign). */
export function parseDuration(text: string): number | null {
  const input = text.trim().toLowerCase();
  const bare = BARE_NUMBER.exec(input);
  if (bare) return Number(bare[1]);
  const parts = WITH_UNITS.exec(input);
  if (!parts || parts.slice(1).every((amount) => amount === undefined)) return null;
  const [hours = 0, minutes = 0, seconds = 0] = parts.slice(1).map((amount) => Number(amount ?? 0));
  // Rounded to the millisecond: 0.1 h is 360 s, not 360.00000000000006.
  return Math.round((hours * 3600 + minutes * 60 + seconds) * 1000) / 1000;
}

/** A whole number of seconds in words: "1 minute", "90" → "1 minute 30 seconds", "0 seconds". */
export function formatDuration(totalSeconds: number): string {
  if (totalSeconds === 0) return "0 seconds";
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return [
    [hours, "hour"],
    [minutes, "minute"],
    [seconds, "second"],
  ]
    .filter(([amount]) => amount !== 0)
    .map(([amount, unit]) => `${amount} ${unit}${amount === 1 ? "" : "s"}`)
    .join(" ");
}
