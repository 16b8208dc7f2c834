import { type AnyColumn, sql } from "drizzle-orm";

/** An `ilike` pattern matching `query` anywhere, with its wildcards taken literally. */
export const likePattern = (query: string) => `%${literal(query)}%`;

/**
 * How well a person matches what was typed in an `@` search, to sort by (0 is best): 0 when their
 * first name, last name (any word of the name) or email address starts with it, 1 when it only
 * appears inside one. So "er" finds Erin Evans before Bob Builder, and Enter takes Erin.
 */
export function matchRank(query: string, { name, email }: { name: AnyColumn; email: AnyColumn }) {
  const start = `${literal(query)}%`;
  return sql<number>`case when ${name} ilike ${start} or ${name} ilike ${`% ${start}`} or ${email} ilike ${start} then 0 else 1 end`;
}

/** A search's rank is for sorting; the pickers get the person alone. */
export const withoutRank = <T extends { rank: number }>({ rank: _, ...person }: T) => person;

// NUL cannot reach Postgres in a text parameter; nobody's name contains it anyway.
const literal = (query: string) => escapeLike(query.replaceAll("\u0000", "").trim());

function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
