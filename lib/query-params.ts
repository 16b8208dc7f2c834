import { z } from "zod";

/**
 * A URL's query in the shape Next gives a page's `searchParams` (a repeated name becomes an
 * array), so route handlers and pages parse their query with the same kind of schema.
 */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  return Object.fromEntries(
    [...new Set(params.keys())].map((key) => {
      const values = params.getAll(key);
      return [key, values.length === 1 ? (values[0] as string) : values];
    }),
  );
}

/**
 * One query value of at most `max` characters. Anything else (missing, repeated, too long) reads
 * as "", which every page treats as "no such link": a crafted address gets the ordinary page.
 */
export const queryText = (max: number) => z.string().max(max).catch("");
