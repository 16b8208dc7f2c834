import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import Resend from "next-auth/providers/resend";
import { z } from "zod";
import { getDb } from "@/db";
import { accounts, users, verificationTokens } from "@/db/schema";
import { sendEmailNow } from "@/lib/email/mailer";
import { signInLinkEmail } from "@/lib/email/templates/sign-in-link";
import { getEnv } from "@/lib/env";
import { redirectOnApp } from "./safe-redirect";
import { findActiveUserByEmail, verifyCredentials } from "./team-members";

const credentials = z.object({ email: z.email(), password: z.string().min(1).max(200) });

// Lazy, so that nothing opens the database until the first request that needs it.
export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const db = await getDb();
  const env = getEnv();
  return {
    secret: env.AUTH_SECRET,
    // Self-hosted behind any proxy: the public address is APP_URL, and the Host header is trusted.
    trustHost: true,
    // Credentials sign-in needs JWT sessions. The adapter is kept for the emailed links' tokens.
    session: { strategy: "jwt" },
    adapter: DrizzleAdapter(db, {
      usersTable: users,
      accountsTable: accounts,
      verificationTokensTable: verificationTokens,
    }),
    pages: { signIn: "/login", verifyRequest: "/login/check-email", error: "/login" },
    logger: {
      // A wrong password is an expected answer, not a server error worth a stack trace.
      error(error) {
        if (error.name !== "CredentialsSignin") console.error(error);
      },
    },
    providers: [
      Credentials({
        credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
        async authorize(input) {
          const parsed = credentials.safeParse(input);
          if (!parsed.success) throw new CredentialsSignin();
          return verifyCredentials(db, parsed.data);
        },
      }),
      Resend({
        id: "email-link",
        name: "Email link",
        maxAge: 30 * 60,
        // Through our own mailer, so the link lands in the outbox (and later Resend) like every email.
        async sendVerificationRequest({ identifier, url }) {
          const user = await findActiveUserByEmail(db, identifier);
          // Unknown addresses get nothing, yet the page says the same, so it reveals no accounts.
          if (!user) return;
          await sendEmailNow(db, {
            privateToUserId: user.id,
            to: user.email,
            workspaceId: user.workspaceId,
            ...(await signInLinkEmail({ url, workspaceName: user.workspaceName })),
          });
        },
      }),
    ],
    callbacks: {
      // An emailed link signs in existing, active team members only; it never creates an account.
      async signIn({ user, email }) {
        if (email?.verificationRequest) return true;
        if (!user.email) return false;
        return Boolean(await findActiveUserByEmail(db, user.email));
      },
      // Redirects stay on this app, judged against the public APP_URL: behind `next start` the
      // request URL Auth.js sees says `localhost`, which would send an emailed link to the wrong host.
      redirect: ({ url }) => redirectOnApp(url, env.APP_URL),
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
});
