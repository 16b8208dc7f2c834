import { z } from "zod";

export const MAX_MESSAGE_LENGTH = 10_000;

/** A message body as typed: not empty, not only whitespace, at most 10,000 characters. Stored as typed. */
export const messageBody = z
  .string({ error: "Write a message first." })
  .refine((body) => body.trim().length > 0, "Write a message first.")
  .refine(
    (body) => body.length <= MAX_MESSAGE_LENGTH,
    `A message can be at most ${MAX_MESSAGE_LENGTH.toLocaleString("en-US")} characters.`,
  );

/** Chosen by the sender's client for each send, so that a retry is recognised. */
export const clientMessageId = z.string().min(8).max(100);
