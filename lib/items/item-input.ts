import type { z } from "zod";
import { DomainError } from "@/lib/domain-error";

/** A field checked by its schema in the domain too (every entry point gets it), or a typed error. */
export function requireField<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new DomainError("invalid_item", parsed.error.issues[0]?.message ?? "Check the item's fields.");
  return parsed.data;
}
