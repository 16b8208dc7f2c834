/**
 * The limits the composer shows as people type. They live apart from the zod schemas that enforce
 * them (message-body.ts, subject.ts) so that the browser, which only counts, never downloads zod.
 */

export const MAX_MESSAGE_LENGTH = 10_000;

/** A list row shows about 60 characters; this leaves room for a precise one, not a paragraph. */
export const MAX_SUBJECT_LENGTH = 120;

/** Characters as a person counts them: an emoji is one, not two UTF-16 units. */
export const characterCount = (text: string) => [...text].length;
