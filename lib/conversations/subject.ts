import { z } from "zod";
import { DomainError } from "@/lib/domain-error";
import { plainText } from "@/lib/plain-text";
import { MAX_SUBJECT_LENGTH } from "./lengths";

/**
 * A conversation's optional subject as typed: plain text on one line (it becomes an email's
 * subject, a header), trimmed, at most 120 characters. Empty, or only spaces, means no subject.
 */
export const subjectInput = z
  .string()
  .transform(plainText)
  .pipe(
    z
      .string()
      .max(MAX_SUBJECT_LENGTH, `A subject can be at most ${MAX_SUBJECT_LENGTH} characters.`)
      .transform((subject) => subject || null),
  );

/** The subject, cleaned, or a typed error that says what is wrong with it. */
export function requireSubject(subject: string | null | undefined): string | null {
  if (subject === null || subject === undefined) return null;
  const parsed = subjectInput.safeParse(subject);
  if (!parsed.success)
    throw new DomainError("invalid_input", parsed.error.issues[0]?.message ?? "Check the subject.");
  return parsed.data;
}
