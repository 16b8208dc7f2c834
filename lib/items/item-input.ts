import { z } from "zod";
import { DomainError } from "@/lib/domain-error";
import { plainTextInput } from "@/lib/plain-text";
import { ITEM_STATUSES, MAX_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH } from "./item-fields";

/** A field checked by its schema in the domain too (every entry point gets it), or a typed error. */
export function requireField<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new DomainError("invalid_item", parsed.error.issues[0]?.message ?? "Check the item's fields.");
  return parsed.data;
}

// What people type into an item, checked. Here rather than beside the limits in item-fields.ts,
// which the browser loads, so that the browser never downloads zod.

/** A title is one line of plain text: it becomes an email subject. */
export const itemTitle = plainTextInput({ label: "a title", max: MAX_TITLE_LENGTH });

/** A description is free text, as typed, and may be empty. */
export const itemDescription = z
  .string()
  .max(
    MAX_DESCRIPTION_LENGTH,
    `A description can be at most ${MAX_DESCRIPTION_LENGTH.toLocaleString("en-US")} characters.`,
  )
  .refine(
    (text) => !text.includes("\u0000"),
    "The description contains a character that cannot be saved (NUL).",
  )
  .transform((text) => (text.trim() === "" ? "" : text));

export const itemStatus = z.enum(ITEM_STATUSES, {
  error: "Choose a status: open, in progress, resolved or closed.",
});
