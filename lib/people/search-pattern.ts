/** An `ilike` pattern matching `query` anywhere, with its wildcards taken literally. */
// NUL cannot reach Postgres in a text parameter; nobody's name contains it anyway.
export const likePattern = (query: string) => `%${escapeLike(query.replaceAll("\u0000", "").trim())}%`;

function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
