import { z } from "zod";

// Every kind of space and line break becomes one plain space, so "Alice\nSmith" stays two words:
// Unicode's separators (Z: NBSP, U+3000, U+2028, U+2029, …) and the C0/C1 controls that break lines.
const SPACE_LIKE = /[\p{Z}\t\n\v\f\r\u0085]/gu;

// The rest of Unicode category C goes: controls (Cc, NUL among them), format characters (Cf: the
// bidirectional overrides U+202A–U+202E and isolates U+2066–U+2069, zero-width U+200B–U+200F,
// U+FEFF, the soft hyphen, tags), private use (Co), lone surrogates (Cs) and unassigned code
// points (Cn). One exception, the zero-width joiner between two emoji (👩‍💻, 🏳️‍🌈): there it only
// joins pictures into one and cannot reorder or hide letters, and without it a family or a flag
// falls apart into several emoji. Between letters it goes like every other format character.
const HIDDEN =
  /(?!(?<=\p{Extended_Pictographic}\p{Emoji_Modifier}?\uFE0F?)\u200D(?=\p{Extended_Pictographic}))\p{C}/gu;

/**
 * A name, workspace name, subject or From name as it may be shown and sent: no character that
 * hides, reorders or breaks the line (so nothing can pose as other text or reach an email header
 * as a second line), spaces collapsed to one, trimmed. Letters, marks, symbols and emoji stay as
 * typed. Idempotent: plainText(plainText(s)) === plainText(s).
 */
export function plainText(text: string): string {
  return text.replace(SPACE_LIKE, " ").replace(HIDDEN, "").replace(/ {2,}/g, " ").trim();
}

/** plainText, or the fallback when nothing visible is left (an older row may hold only hidden characters). */
export function plainTextOr(text: string | null | undefined, fallback: string): string {
  return plainText(text ?? "") || fallback;
}

/**
 * A form or JSON field holding a name: cleaned by plainText first, then measured, so a name of
 * invisible characters is an empty name and says so. `label` names the field in the messages
 * ("your name" gives "Enter your name.").
 */
export function plainTextInput({ label, min = 1, max }: { label: string; min?: number; max: number }) {
  return z
    .string({ error: `Enter ${label}.` })
    .transform(plainText)
    .pipe(
      z
        .string()
        .min(min, min === 1 ? `Enter ${label}.` : `Enter at least ${min} characters for ${label}.`)
        .max(max, `Use at most ${max} characters for ${label}.`),
    );
}
