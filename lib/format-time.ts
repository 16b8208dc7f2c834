/**
 * Times as people read them. `timeZone` is undefined in the browser (the person's own zone) and
 * "UTC" on the server, so the server's first render is stable and the browser corrects it after hydration.
 */
export function formatClock(date: Date, timeZone?: string) {
  return formatter("en-US", { hour: "numeric", minute: "2-digit", timeZone }).format(date);
}

export function formatDay(date: Date, now: Date, timeZone?: string) {
  const key = (d: Date) => formatter("en-CA", { timeZone }).format(d);
  if (key(date) === key(now)) return "Today";
  if (key(date) === key(new Date(now.getTime() - 86_400_000))) return "Yesterday";
  return formatter("en-US", {
    weekday: "long",
    month: "long",
    day: "numeric",
    year: date.getFullYear() === now.getFullYear() ? undefined : "numeric",
    timeZone,
  }).format(date);
}

/** A moment to come, as in "paused until…": "4:30 PM", "tomorrow at 8:00 AM", "Friday, December 4 at 9:00 AM". */
export function formatUpcoming(date: Date, now: Date, timeZone?: string) {
  const key = (d: Date) => formatter("en-CA", { timeZone }).format(d);
  const clock = formatClock(date, timeZone);
  if (key(date) === key(now)) return clock;
  if (key(date) === key(new Date(now.getTime() + 86_400_000))) return `tomorrow at ${clock}`;
  const day = formatter("en-US", { weekday: "long", month: "long", day: "numeric", timeZone }).format(date);
  return `${day} at ${clock}`;
}

/** The full date and time, as a tooltip gives it: "12/1/2026, 8:21:59 AM". */
export function formatMoment(date: Date, timeZone?: string) {
  return formatter("en-US", {
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    second: "2-digit",
    timeZone,
  }).format(date);
}

/** Compact, for list rows: "now", "5m", "3h", then a clock time yesterday, then a date. */
export function formatRelative(date: Date, now: Date, timeZone?: string) {
  const seconds = Math.max(0, (now.getTime() - date.getTime()) / 1000);
  if (seconds < 60) return "now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 6 * 3600) return `${Math.floor(seconds / 3600)}h`;
  const day = formatDay(date, now, timeZone);
  if (day === "Today") return formatClock(date, timeZone);
  if (day === "Yesterday") return "Yesterday";
  return formatter("en-US", { month: "short", day: "numeric", timeZone }).format(date);
}

// Making a formatter is the slow part of formatting a date, and a long thread formats hundreds
// on every render: each kind is made once.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions) {
  const key = `${locale} ${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, made);
  }
  return made;
}
