// Browsers drop tabs and newlines from URLs and read `\` as `/`, so "/\t/evil.test" means "//evil.test".
const isUnsafe = (url: string) => [...url].some((char) => char < " " || char === "\u007f" || char === "\\");
const PLACEHOLDER = "http://app.invalid";

/** A `next` parameter may only lead to a page of this app: the path, query and hash, never another site. */
export function safeRedirectPath(next: unknown, fallback = "/messenger"): string {
  if (typeof next !== "string" || !next.startsWith("/") || isUnsafe(next)) return fallback;
  const target = new URL(next, PLACEHOLDER);
  return target.origin === PLACEHOLDER ? target.pathname + target.search + target.hash : fallback;
}

/** Auth.js's redirect callback: a relative or absolute URL on APP_URL stays; anything else goes home. */
export function redirectOnApp(url: string, appUrl: string): string {
  const app = new URL(appUrl);
  if (isUnsafe(url)) return app.toString();
  const target = new URL(url, app);
  return target.origin === app.origin ? target.toString() : app.toString();
}
