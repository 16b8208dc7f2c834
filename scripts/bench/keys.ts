/** Every figure `npm run bench` reports: which way is better, its target, and its baseline. */
export const KEYS = [
  { key: "send_per_s", better: "higher", target: "ratio ≥ 0.5", baseline: "send_baseline_per_s" },
  { key: "send_baseline_per_s", better: "higher", target: "", baseline: undefined },
  { key: "send_ratio", better: "higher", target: "≥ 0.5", baseline: undefined },
  { key: "send_p95_ms", better: "lower", target: "< 40", baseline: "send_baseline_p95_ms" },
  { key: "send_baseline_p95_ms", better: "lower", target: "", baseline: undefined },
  { key: "inbox_query_p95_ms", better: "lower", target: "< 3", baseline: "inbox_sql_p95_ms" },
  { key: "inbox_sql_p95_ms", better: "lower", target: "", baseline: undefined },
  { key: "inbox_page_p95_ms", better: "lower", target: "< 80", baseline: "inbox_query_p95_ms" },
  { key: "items_page_p95_ms", better: "lower", target: "< 80", baseline: undefined },
  { key: "realtime_p95_ms", better: "lower", target: "< 100", baseline: undefined },
  { key: "sweep_emails_per_s", better: "higher", target: "≥ 1,500", baseline: undefined },
  { key: "drain_429s", better: "lower", target: "0", baseline: undefined },
  { key: "drain_s", better: "lower", target: "≤ 1.1 × drain_cap_s", baseline: "drain_cap_s" },
  { key: "drain_cap_s", better: "lower", target: "", baseline: undefined },
  { key: "rss_mb", better: "lower", target: "< 350", baseline: undefined },
  { key: "messenger_js_kb", better: "lower", target: "< 180", baseline: undefined },
  { key: "chat_js_kb", better: "lower", target: "< 120", baseline: undefined },
] as const;

export type Key = (typeof KEYS)[number]["key"];

/**
 * The figures committed in BENCHMARKS.md for one scale: its table's rows are `| \`key\` | … |`,
 * and the scale's column is the one headed by its name.
 */
export function committedFigures(markdown: string, scale: string) {
  const lines = markdown.split("\n").filter((line) => line.startsWith("|"));
  const header = lines.find((line) => /^\|\s*key\s*\|/.test(line));
  if (!header) throw new Error("BENCHMARKS.md has no table headed `| key |`");
  const column = header
    .split("|")
    .map((cell) => cell.trim())
    .indexOf(scale);
  if (column < 0) throw new Error(`BENCHMARKS.md's table has no ${scale} column`);
  const figures = new Map<string, number>();
  for (const line of lines) {
    const cells = line.split("|").map((cell) => cell.trim());
    const key = /^`(\w+)`$/.exec(cells[1] ?? "")?.[1];
    const value = Number((cells[column] ?? "").replaceAll(",", ""));
    if (key && cells[column] && Number.isFinite(value)) figures.set(key, value);
  }
  return figures;
}

/**
 * The figures more than twice as bad as those committed: noise on a busy CI machine stays well
 * inside 2×, and a real regression (an index lost, a query per row) goes far past it.
 */
export function regressions(results: Partial<Record<Key, number>>, markdown: string, scale: string) {
  const committed = committedFigures(markdown, scale);
  return KEYS.flatMap(({ key, better }) => {
    const was = committed.get(key);
    const now = results[key];
    if (was === undefined || now === undefined) return [];
    const worse = better === "lower" ? now > 2 * was : now < was / 2;
    return worse ? [`${key}: ${now.toPrecision(3)}, against ${was} in BENCHMARKS.md`] : [];
  });
}
