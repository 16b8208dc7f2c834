/**
 * The words for an item's kind and status, and its limits. The browser loads this file, so the zod
 * schemas that check what people type are on the server, in item-input.ts.
 */

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
