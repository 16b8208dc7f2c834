import { type NextRequest, NextResponse } from "next/server";
import { getDb } from "@/db";
import { getEnv } from "@/lib/env";
import { chatSlugOf, newNonce, requestSecurityHeaders } from "@/lib/security-headers";
import { chatFrameAncestorsBySlug } from "@/lib/settings/chat-frame-sites";

/**
 * Runs on every request (Node runtime, in the server's own process):
 * - the headers that depend on the request or on run-time configuration (lib/security-headers.ts):
 *   a Content Security Policy with a fresh nonce, which Next reads from the request's copy to stamp
 *   its own scripts; the chat page's framing sites, as its workspace's admin set them; HSTS when
 *   APP_URL is https (the same build runs behind http and https, so not in next.config.ts);
 * - an optimistic check on team pages only: without a session cookie, straight to the sign-in
 *   page. Every page and action still verifies the session itself (lib/auth/session.ts).
 */
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
const TEAM_PAGES = /^\/(?:messenger|settings|dev)(?:\/|$)/;

export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const { APP_URL, NODE_ENV, pusher } = getEnv();
  const slug = chatSlugOf(pathname);
  const headers = requestSecurityHeaders({
    pathname,
    nonce: newNonce(),
    appUrl: APP_URL,
    development: NODE_ENV === "development",
    pusher,
    // The same database client as the pages: in this process, db/index.ts keeps the one
    // instance on globalThis, so the embedded database is never opened twice.
    chatFrameAncestors: slug === null ? undefined : await chatFrameAncestorsBySlug(await getDb(), slug),
  });

  let response: NextResponse;
  if (TEAM_PAGES.test(pathname) && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    // On APP_URL, never on the Host the request names (issue 12: links and redirects use APP_URL).
    const login = new URL("/login", APP_URL);
    login.searchParams.set("next", pathname + request.nextUrl.search);
    response = NextResponse.redirect(login);
  } else {
    // Next finds the nonce in the request's Content-Security-Policy (replacing any the client sent).
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"] as string);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// Every path, static files and `_next` included: HSTS belongs on every response.
export const config = { matcher: "/:path*" };
