import { type NextRequest, NextResponse } from "next/server";

// An optimistic check only: without a session cookie, team pages go straight to the sign-in page.
// Every page and action still verifies the session itself (lib/auth/session.ts).
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const login = new URL("/login", request.url);
  login.searchParams.set("next", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = { matcher: ["/messenger/:path*", "/settings/:path*", "/dev/:path*"] };
