import { z } from "zod";
import { DomainError } from "@/lib/domain-error";
import { characterCount, MAX_MESSAGE_LENGTH } from "./lengths";

const TOO_LONG = `A message can be at most ${MAX_MESSAGE_LENGTH.toLocaleString("en-US")} characters.`;

/**
 * A message body as typed: not empty, not only whitespace, at most 10,000 characters, and free of
 * NUL (which Postgres cannot store in text). Stored as typed.
 */
export const messageBody = z
  .string({ error: "Write a message first." })
  .refine((body) => body.trim().length > 0, "Write a message first.")
  .refine((body) => characterCount(body) <= MAX_MESSAGE_LENGTH, TOO_LONG)
  .refine((body) => !body.includes("\u0000"), "The message contains a character that cannot be sent (NUL).");

/**
 * The actions' first check, before the domain's messageBody: the same limit and words. zod 4
 * counts a string's length in code points, as characterCount does, so an emoji is one here too.
 */
export const messageBodyInput = z.string().max(MAX_MESSAGE_LENGTH, TOO_LONG);

/** Chosen by the sender's client for each send, so that a retry is recognised. */
export const clientMessageId = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, "Invalid client message id.");

/**
 * The body, checked, or a typed error that says what is wrong with it. A message that carries
 * files may have no text at all.
 */
export function requireBody(body: string, { withFiles = false }: { withFiles?: boolean } = {}): string {
  if (withFiles && body.trim() === "") return "";
  const parsed = messageBody.safeParse(body);
  if (!parsed.success)
    throw new DomainError("invalid_body", parsed.error.issues[0]?.message ?? "Invalid message.");
  return parsed.data;
}
