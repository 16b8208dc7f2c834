/** A `next` parameter may only lead to a page of this app, never to another site. */
export function safeRedirectPath(next: unknown, fallback = "/messenger"): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
    return fallback;
  }
  return next;
}
