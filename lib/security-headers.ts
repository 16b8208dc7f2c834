/**
 * Headers every response carries (issue 12, "Headers"), by path, in the shape of Next's
 * `headers()` config. Kept out of next.config.ts so that a test can read the table.
 */
type Rule = { source: string; headers: { key: string; value: string }[] };

// Pages whose address holds a credential: an emailed sign-in link (the team's is Auth.js's
// callback), a conversation link, an unsubscribe link. No other site may learn it from a Referer.
const TOKEN_PAGES = [
  "/api/auth/callback/:path*",
  "/chat/:slug/sign-in",
  "/chat/:slug/open",
  "/chat/:slug/unsubscribe",
];

export const securityHeaders: Rule[] = [
  {
    source: "/:path*",
    headers: [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      // Nothing here uses the camera, microphone, location or payments; no embedded page may either.
      { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
    ],
  },
  // Later rules win for the same header: these pages send no Referer at all.
  ...TOKEN_PAGES.map((source) => ({ source, headers: [{ key: "Referrer-Policy", value: "no-referrer" }] })),
  // Team pages must never be framed (clickjacking). The chat page must be: the widget shows it in an
  // iframe on customers' own sites.
  {
    source: "/((?!chat/|chat$).*)",
    headers: [
      { key: "X-Frame-Options", value: "DENY" },
      { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
    ],
  },
];
