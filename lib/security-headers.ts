import type { PusherConfig } from "@/lib/env";

/**
 * The security headers (issue 12, "Headers"), in two parts:
 * - `securityHeaders`: the same on every deployment, in the shape of Next's `headers()` config
 *   (next.config.ts), fixed at build time;
 * - `requestSecurityHeaders()`: what depends on the request or the run-time configuration (a fresh
 *   CSP nonce, the chat page's framing sites, HSTS when `APP_URL` is https), set by proxy.ts.
 * Pure functions, so the rules are unit-tested without a server.
 */
type Rule = { source: string; headers: { key: string; value: string }[] };

// Pages whose address holds a credential: an emailed sign-in link (the team's, the customers'),
// a sign-up's confirmation link, a team invitation, a conversation link, an unsubscribe link. No
// other site may learn it from a Referer.
const TOKEN_PAGES = [
  "/login/link",
  "/signup/confirm",
  "/invite",
  "/chat/:slug/sign-in",
  "/chat/:slug/open",
  "/chat/:slug/unsubscribe",
  "/unsubscribe/:path*",
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
];

/** Two years, subdomains included: the usual value, and what the HSTS preload list asks for. */
export const HSTS = "max-age=63072000; includeSubDomains";

/** The slug of a hosted chat page (`/chat/<slug>` and everything under it), or null. */
export function chatSlugOf(pathname: string): string | null {
  const match = /^\/chat\/([^/]+)(?:\/|$)/.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]).toLowerCase();
  } catch {
    return null; // a malformed escape: no workspace has that slug
  }
}

/** 16 random bytes: unguessable, and fresh for every response. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

type PusherServer = Pick<PusherConfig, "cluster" | "host" | "port" | "useTLS">;

export type RequestSecurityInput = {
  pathname: string;
  nonce: string;
  appUrl: string;
  /** `next dev`: React needs eval there, and the page may be served over plain http. */
  development: boolean;
  /** The Pusher or Soketi server the browser connects to (lib/env.ts); none: the built-in stream. */
  pusher: PusherServer | undefined;
  /**
   * For a chat page: the origins its workspace lets frame it; empty means any site. Ignored for
   * every other page, which is never framed.
   */
  chatFrameAncestors?: readonly string[];
};

/** The headers proxy.ts sets on one response. */
export function requestSecurityHeaders(input: RequestSecurityInput): Record<string, string> {
  const headers: Record<string, string> = { "Content-Security-Policy": contentSecurityPolicy(input) };
  // X-Frame-Options cannot name several sites, and browsers that know frame-ancestors ignore it:
  // it is only the old browsers' "never", for pages that are never framed.
  if (chatSlugOf(input.pathname) === null) headers["X-Frame-Options"] = "DENY";
  if (isHttps(input.appUrl)) headers["Strict-Transport-Security"] = HSTS;
  return headers;
}

export function contentSecurityPolicy(input: RequestSecurityInput): string {
  // A file served from the download route is data, never a page: nothing in it may run or load.
  if (input.pathname.startsWith("/api/attachments/"))
    return "default-src 'none'; sandbox; frame-ancestors 'none'";
  const https = isHttps(input.appUrl);
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // Only scripts carrying this response's nonce run, and what they load ('strict-dynamic': Next's
    // chunks, the widget script). 'self' is for browsers without CSP 3, which ignore the rest.
    // React in development rebuilds server error stacks with eval; a production build never evals.
    [
      "script-src",
      "'self'",
      `'nonce-${input.nonce}'`,
      "'strict-dynamic'",
      ...(input.development ? ["'unsafe-eval'"] : []),
    ],
    // Inline styles are needed: sonner and Radix's scroll lock insert <style> elements without a
    // nonce, the widget styles its shadow root, React and Next's own error pages render style
    // attributes, and the dev mailbox shows emails, whose HTML is all inline styles. Without
    // script, CSS can only leak data through the requests it makes, and the directives below keep
    // those to this site.
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'", ...realtimeConnectSources(input.pusher, https)],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ...frameAncestors(input),
    ...(https ? [["upgrade-insecure-requests"] as [string]] : []),
  ];
  return directives.map((directive) => directive.join(" ")).join("; ");
}

/**
 * Team pages (and anything else) are never framed. A chat page may be framed by the sites its
 * workspace lists, and by this app itself (the widget demo page). With no list, any site may frame
 * it: no directive at all rather than `*`, which would also refuse a customer trying the widget
 * from a file on their disk, and protects nothing, since any attacker can frame from an https site.
 */
function frameAncestors({
  pathname,
  chatFrameAncestors = [],
}: RequestSecurityInput): [string, ...string[]][] {
  if (chatSlugOf(pathname) === null) return [["frame-ancestors", "'none'"]];
  if (chatFrameAncestors.length === 0) return [];
  return [["frame-ancestors", "'self'", ...chatFrameAncestors]];
}

/**
 * Where the realtime client connects besides this site (the built-in event stream is same-origin):
 * the Soketi host, or Pusher's cluster hosts, as pusher-js's default strategy reaches them. With
 * TLS (always on an https page) that is the wss host, then the HTTP fallbacks over https; without,
 * it is ws, then wss after two seconds, then the HTTP fallbacks over http. The Soketi connection
 * allows only the websockets (components/realtime/realtime-provider.tsx).
 */
export function realtimeConnectSources(config: PusherServer | undefined, pageIsHttps: boolean): string[] {
  if (!config) return [];
  const tls = config.useTLS || pageIsHttps;
  const websockets = (host: string) => [...(tls ? [] : [`ws://${host}`]), `wss://${host}`];
  if (config.host) return websockets(`${config.host}${config.port ? `:${config.port}` : ""}`);
  const cluster = config.cluster ?? "mt1";
  return [
    ...websockets(`ws-${cluster}.pusher.com`),
    `${tls ? "https" : "http"}://sockjs-${cluster}.pusher.com`,
  ];
}

function isHttps(url: string) {
  return new URL(url).protocol === "https:";
}
