import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db";
import { getEnv } from "@/lib/env";
import { clientAddressOf } from "./client-address";
import { verifyPasswordSignIn } from "./password-sign-in";
import { redirectOnApp } from "./safe-redirect";
import { endSession, isSessionId, startSession } from "./sessions";
import { consumeTeamSignInLink } from "./team-sign-in-links";

const credentials = z.object({ email: z.email(), password: z.string().min(1).max(200) });
const linkToken = z.object({ token: z.string().min(1).max(200) });

/** A team session lasts 30 days, in the cookie (Auth.js's JWT) and in its auth_sessions row. */
const TEAM_SESSION_SECONDS = 30 * 24 * 60 * 60;

/** The sign-in form hears "rate_limited" as the code, without Auth.js logging it as a failure. */
class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

// Lazy, so that nothing opens the database until the first request that needs it.
export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const db = await getDb();
  const env = getEnv();
  // Auth.js builds its own URLs (callbacks, error pages, redirects) from AUTH_URL, and with it set
  // never reads the Host or X-Forwarded-Host headers. APP_URL is the one public address.
  process.env.AUTH_URL = env.APP_URL;
  return {
    secret: env.AUTH_SECRET,
    // Credentials sign-in needs JWT sessions; each JWT names a row in auth_sessions, checked on
    // every request (lib/auth/session.ts), so signing out really ends it.
    session: { strategy: "jwt", maxAge: TEAM_SESSION_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    logger: {
      // A wrong password is an expected answer, not a server error worth a stack trace.
      error(error) {
        if (error.name !== "CredentialsSignin") console.error(error);
      },
    },
    providers: [
      Credentials({
        id: "credentials",
        credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
        async authorize(input, request) {
          const parsed = credentials.safeParse(input);
          if (!parsed.success) throw new CredentialsSignin();
          const outcome = await verifyPasswordSignIn(db, {
            ...parsed.data,
            clientAddress: clientAddressOf(request.headers),
          });
          if (outcome === "rate_limited") throw new TooManyAttempts();
          return outcome;
        },
      }),
      // The button on the page an emailed sign-in link opens (app/(auth)/login/link): the token
      // is used up by this POST, never by opening the link.
      Credentials({
        id: "team-link",
        credentials: { token: { label: "Token" } },
        async authorize(input) {
          const parsed = linkToken.safeParse(input);
          if (!parsed.success) throw new CredentialsSignin();
          return consumeTeamSignInLink(db, { token: parsed.data.token });
        },
      }),
    ],
    callbacks: {
      // Redirects stay on this app, judged against the public APP_URL.
      redirect: ({ url }) => redirectOnApp(url, env.APP_URL),
      async jwt({ token, user }) {
        // `user` is there only at sign-in: record the session the new cookie will name.
        if (user?.id && user.workspaceId) {
          token.sid = await startSession(db, {
            workspaceId: user.workspaceId,
            person: { userId: user.id },
            seconds: TEAM_SESSION_SECONDS,
          });
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        if (isSessionId(token.sid)) session.sessionId = token.sid;
        return session;
      },
    },
    events: {
      // Auth.js's sign-out (the action and POST /api/auth/signout) clears the cookie; this ends the
      // session it named on the server, so a copied cookie stops working too.
      async signOut(message) {
        const sid = "token" in message ? message.token?.sid : undefined;
        if (isSessionId(sid)) await endSession(db, sid);
      },
    },
  };
});
