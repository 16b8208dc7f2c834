import { z } from "zod";

/** What the search box sends: longer is refused with a message, never cut silently. */
export const searchText = z.string().max(200, "Search for 200 characters or fewer.");

// A word is a run of letters (with their combining marks) and digits, in any script. Everything
// else, tsquery's operators (& | ! ( ) : * < >) and quotes included, only separates words, so
// nothing typed can reach Postgres as query syntax.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
// Enough for any real search; the rest of a pasted paragraph is ignored.
const MAX_WORDS = 8;
const MAX_WORD_LENGTH = 64;

/** A search as the database runs it, or null when nothing searchable was typed. */
export type SearchTerms = {
  /** Lower-cased, in the order typed. All must match; the last may be the start of a word. */
  words: string[];
  /** For `to_tsquery('simple', …)`: words joined by `&`, the last one a prefix (`:*`). */
  tsquery: string;
  /** An item number, when the search is one ("12" or "#12"). */
  itemNumber: number | null;
};

export function searchTerms(text: string): SearchTerms | null {
  const words = (text.normalize("NFKC").toLowerCase().match(WORD) ?? [])
    .slice(0, MAX_WORDS)
    .map((word) => word.slice(0, MAX_WORD_LENGTH));
  if (words.length === 0) return null;
  const number = /^\s*#?(\d{1,9})\s*$/.exec(text)?.[1];
  return {
    words,
    tsquery: words.map((word, index) => (index === words.length - 1 ? `${word}:*` : word)).join(" & "),
    itemNumber: number ? Number(number) : null,
  };
}

/** A piece of text, and whether it is a word the search matched (shown in `<mark>`). */
export type Segment = { text: string; match: boolean };

/**
 * `text` cut into matched and unmatched pieces, the way the search matched: a word typed before
 * the last matches whole words only, the last one also the start of a word.
 */
export function highlight(text: string, words: string[]): Segment[] {
  const last = words.at(-1);
  const whole = new Set(words.slice(0, -1));
  const segments: Segment[] = [];
  let shown = 0;
  for (const found of text.matchAll(WORD)) {
    const token = found[0].normalize("NFKC").toLowerCase();
    if (!whole.has(token) && !(last && token.startsWith(last))) continue;
    if (found.index > shown) segments.push({ text: text.slice(shown, found.index), match: false });
    segments.push({ text: found[0], match: true });
    shown = found.index + found[0].length;
  }
  if (shown < text.length) segments.push({ text: text.slice(shown), match: false });
  return segments;
}

/**
 * Long text around its first match, about `length` characters with an ellipsis on a side that was
 * cut, so the matched words show in a one- or two-line result.
 */
export function snippet(segments: Segment[], length = 160): Segment[] {
  const total = segments.reduce((sum, segment) => sum + segment.text.length, 0);
  if (total <= length) return segments;
  const firstMatch = segments.findIndex((segment) => segment.match);
  const before = segments.slice(0, Math.max(firstMatch, 0)).reduce((sum, s) => sum + s.text.length, 0);
  // Some context before the match, then as much after it as fits.
  const start = firstMatch <= 0 ? 0 : Math.max(0, before - 40);
  const end = start + length;
  const cut: Segment[] = [];
  let at = 0;
  for (const segment of segments) {
    const from = Math.max(start, at);
    const to = Math.min(end, at + segment.text.length);
    if (to > from) cut.push({ text: segment.text.slice(from - at, to - at), match: segment.match });
    at += segment.text.length;
  }
  if (start > 0) cut.unshift({ text: "…", match: false });
  if (end < total) cut.push({ text: "…", match: false });
  return cut;
}
