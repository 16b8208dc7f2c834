// A positive rule rather than a list of tricks: a path is ASCII from RFC 3986's unreserved and
// sub-delimiter characters plus ":@/?#%", starts with exactly one slash, and is already in the
// form a URL parser writes it. So no backslash (read as "/"), no tab or newline (dropped, turning
// "/\t/evil.test" into "//evil.test"), no space or non-ASCII (U+3000, U+FF0F "／", which some
// parsers fold into "/"), and no dot segment ("/.//evil.test" parses to "//evil.test").
const PATH_CHARACTERS = /^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@/?#%]*$/;
// Escapes a server may decode before it routes or redirects again: a slash, backslash or escaped
// "%" in the path ("/%2F%2Fevil.test" is "//evil.test" to such a server, "/%252F%252Fevil.test"
// to one that decodes twice), a control anywhere ("%0d%0a" is a new header line to a careless
// one), or a "%" that is not an escape at all. The app's own paths hold none of these.
const DECODES_BADLY = /^[^?#]*%(?:2f|5c|25)|%(?:[01][0-9a-f]|7f)|%(?![0-9a-f]{2})/i;
const MAX_LENGTH = 2000;
const PLACEHOLDER = "http://app.invalid";

/** The path, query and hash if `next` is a safe path on this app, else null. */
function appPath(next: unknown): string | null {
  if (typeof next !== "string" || next.length > MAX_LENGTH) return null;
  if (!PATH_CHARACTERS.test(next) || DECODES_BADLY.test(next)) return null;
  const target = new URL(next, PLACEHOLDER);
  const canonical = target.pathname + target.search + target.hash;
  return target.origin === PLACEHOLDER && canonical === next ? next : null;
}

/** A `next` parameter may only lead to a page of this app: the path, query and hash, never another site. */
export function safeRedirectPath(next: unknown, fallback = "/messenger"): string {
  return appPath(next) ?? fallback;
}

/**
 * Auth.js's redirect callback: a path, or an absolute URL on APP_URL's origin, stays (its path
 * held to the same rule); anything else goes home. What is returned is always built on APP_URL.
 */
export function redirectOnApp(url: unknown, appUrl: string): string {
  const app = new URL(appUrl);
  const home = app.toString();
  if (typeof url !== "string") return home;
  if (url.startsWith("/")) {
    const path = appPath(url);
    return path ? new URL(path, app).toString() : home;
  }
  // Parsed as a browser would; the origin it names is the one that counts, not what the text looks like.
  const target = URL.canParse(url) ? new URL(url) : null;
  if (!target || target.origin !== app.origin) return home;
  const path = appPath(target.pathname + target.search + target.hash);
  return path ? new URL(path, app).toString() : home;
}
