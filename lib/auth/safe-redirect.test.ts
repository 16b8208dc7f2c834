import { describe, expect, it } from "vitest";
import { redirectOnApp, safeRedirectPath } from "./safe-redirect";

const APP_URL = "https://app.test";
const HOME = `${APP_URL}/`;

// Pages of this app, as the proxy writes them into `?next=` (pathname + search, already encoded).
const honest = [
  "/messenger",
  "/messenger/c/0f8fad5b-d9cb-469f-a165-70867728950e?view=sent",
  "/messenger?cursor=eyJ0IjoiMjAyNi0wMS0wMVQwMDowMDowMC4wMDBaIn0",
  "/chat/acme/c/1#latest",
  "/settings/notifications",
  "/login?next=%2Fmessenger", // an escaped slash in the query is only text
  "/messenger?q=caf%C3%A9%20au%20lait",
  "/@evil.test", // a path on this host: no browser reads a host after one slash
];

// What a crafted `?next=` or `callbackUrl=` carries (OWASP's open-redirect and URL-format lists
// among them). Each is another host to a browser or to some server, or is not a path at all.
const crafted: unknown[] = [
  // Protocol-relative, however the second slash is spelled.
  "//evil.test",
  "///evil.test",
  "////evil.test",
  "/\\evil.test",
  "/\\/evil.test",
  "\\\\evil.test",
  "\\/evil.test",
  "/./\\evil.test",
  // Tabs and newlines are dropped by browsers, leaving "//".
  "/\t/evil.test",
  "/\n/evil.test",
  "/\r/evil.test",
  "/\r\n/evil.test",
  // Dot segments a parser removes, leaving "//".
  "/.//evil.test",
  "/a/..//evil.test",
  "/%2e%2e//evil.test",
  "/%2e/%2e//evil.test",
  // Escapes some servers decode before they route or redirect again.
  "/%2F%2Fevil.test",
  "/%2f%2fevil.test",
  "/%5C%5Cevil.test",
  "/%5cevil.test",
  "/%252F%252Fevil.test",
  "/%09/evil.test",
  "%09/evil.test",
  "/%0d%0aLocation:%20https://evil.test",
  "/messenger%0d%0aSet-Cookie:%20a=b",
  "/messenger?x=%00",
  "/messenger%", // not an escape
  "/messenger%zz",
  // Spaces and look-alike slashes some parsers fold into "/".
  "/ /evil.test",
  " //evil.test",
  "/\u3000/evil.test",
  "/\u00a0/evil.test",
  "/\u2028/evil.test",
  "\uff0f\uff0fevil.test",
  "/\uff0fevil.test",
  "/\u2215\u2215evil.test",
  "/\u0000/evil.test",
  // Absolute URLs and other schemes.
  "https:evil.test",
  "http://evil.test",
  "https://evil.test/",
  "HTTPS://evil.test",
  "http:\\\\evil.test",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "https://app.test.evil.test/",
  "https://app.test@evil.test/",
  "//evil.test@app.test",
  "//app.test@evil.test",
  // Not a path at all.
  "@evil.test",
  "evil.test",
  "messenger",
  "",
  `/${"a".repeat(2000)}`,
  undefined,
  null,
  42,
  ["/messenger"],
  { toString: () => "/messenger" },
];

// Each case named by its value, a long one by its start and length.
const craftedCases = crafted.map((value) => [
  typeof value === "string" && value.length > 80
    ? `${value.slice(0, 12)}… (${value.length} characters)`
    : value,
  value,
]);

describe("safeRedirectPath", () => {
  it.each(honest)("keeps %j, a page of this app", (next) => {
    expect(safeRedirectPath(next)).toBe(next);
    expect(new URL(safeRedirectPath(next), APP_URL).origin).toBe(APP_URL);
  });

  it.each(craftedCases)("refuses %j", (_, next) => {
    expect(safeRedirectPath(next)).toBe("/messenger");
    expect(safeRedirectPath(next, "/chat/acme")).toBe("/chat/acme");
  });
});

describe("the Auth.js redirect callback (redirectOnApp)", () => {
  it.each(honest)("keeps %j on APP_URL", (path) => {
    expect(redirectOnApp(path, APP_URL)).toBe(`${APP_URL}${path}`);
    expect(redirectOnApp(`${APP_URL}${path}`, APP_URL)).toBe(`${APP_URL}${path}`);
  });

  it.each(craftedCases)("sends %j home", (_, url) => {
    expect(redirectOnApp(url, APP_URL)).toBe(HOME);
  });

  it.each([
    "https://app.test//evil.test",
    "https://app.test/.//evil.test",
    "https://app.test/%2F%2Fevil.test",
    "http://app.test/messenger", // another scheme is another origin
    "https://app.test:8443/messenger",
    "https://evil.test/https://app.test/messenger",
    "https://evil.test/?https://app.test",
  ])("sends the absolute URL %j home", (url) => {
    expect(redirectOnApp(url, APP_URL)).toBe(HOME);
  });
});
