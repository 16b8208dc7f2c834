import { z } from "zod";
import { plainTextInput } from "@/lib/plain-text";

/** Client-safe: the words for an item's kind and status, and the checks on what people type. */

export const ITEM_KINDS = ["ticket", "task"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const ITEM_STATUSES = ["open", "in_progress", "resolved", "closed"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const STATUS_LABELS: Record<ItemStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  resolved: "Resolved",
  closed: "Closed",
};

export const KIND_LABELS: Record<ItemKind, string> = { ticket: "Ticket", task: "Task" };

/** How an item is named everywhere: in lists, system lines and email subjects. */
export const itemRef = (number: number) => `#${number}`;

export const MAX_TITLE_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 10_000;

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
