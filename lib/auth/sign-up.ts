import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { signUpRequests, teamSignInTokens, users, workspaces } from "@/db/schema";
import { DomainError, isUniqueViolation } from "@/lib/domain-error";
import { queueEmails } from "@/lib/email/mailer";
import { accountExistsEmail, confirmSignUpEmail } from "@/lib/email/templates/sign-up-emails";
import { plainTextInput } from "@/lib/plain-text";
import { hitRateLimit, type RateLimit } from "@/lib/rate-limit";
import { newMemberSettings } from "@/lib/team/new-member";
import { hashLinkToken, LINK_MINUTES, newLinkToken } from "./link-tokens";
import { hashPassword, verifyPassword } from "./password";

export const signUpInput = z.object({
  workspaceName: plainTextInput({ label: "your workspace's name", min: 2, max: 80 }),
  name: plainTextInput({ label: "your name", max: 80 }),
  email: z.email("Enter a valid email address.").trim().toLowerCase(),
  password: z.string().min(10, "Use at least 10 characters for your password.").max(200),
});

/** Sign-ups from one email address: a few retries, not a flood of confirmation emails. */
const SIGN_UPS_PER_ADDRESS: RateLimit = {
  name: "sign-ups",
  max: 5,
  windowSeconds: 60 * 60,
  message: "Too many sign-ups for this address.",
};
const SIGN_UPS_PER_CLIENT: RateLimit = {
  name: "sign-ups-client",
  max: 20,
  windowSeconds: 60 * 60,
  message: "Too many sign-ups from your network.",
};

/**
 * Step one of signing up: emails a link that confirms the address. A new address gets the link;
 * an address that already has an account gets a note saying so. Both branches hash the password,
 * store a row and queue one email, and nothing is sent during the request, so the form's answer
 * and its timing are the same either way. Returns the queued batch, to send after the response.
 */
export async function requestSignUp(
  db: Db,
  {
    input,
    clientAddress,
    appUrl,
    now = new Date(),
  }: { input: z.output<typeof signUpInput>; clientAddress: string | null; appUrl: string; now?: Date },
) {
  if (clientAddress) await hitRateLimit(db, SIGN_UPS_PER_CLIENT, clientAddress, now);
  await hitRateLimit(db, SIGN_UPS_PER_ADDRESS, input.email, now);
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email));
  const { token, tokenHash } = newLinkToken();
  const passwordHash = await hashPassword(input.password);
  const url = new URL("/signup/confirm", appUrl);
  url.searchParams.set("token", token);
  const content = taken
    ? await accountExistsEmail({ signInUrl: new URL("/login", appUrl).toString() })
    : await confirmSignUpEmail({ url: url.toString(), workspaceName: input.workspaceName });
  await db.insert(signUpRequests).values({
    email: input.email,
    // An address with an account stores a token no one receives: the same write, and no way in.
    tokenHash: taken ? hashLinkToken(newLinkToken().token) : tokenHash,
    workspaceName: input.workspaceName,
    name: input.name,
    passwordHash,
    expiresAt: new Date(now.getTime() + LINK_MINUTES * 60_000),
    createdAt: now,
  });
  return queueEmails(db, [{ to: input.email, ...content }], now);
}

/** What a confirmation link would create, without using it (the page asks before creating). */
export async function peekSignUp(db: Db, { token, now = new Date() }: { token: string; now?: Date }) {
  const [row] = await db
    .select({ email: signUpRequests.email, workspaceName: signUpRequests.workspaceName })
    .from(signUpRequests)
    .where(usableSignUp(token, now));
  return row ?? null;
}

/**
 * Step two: the owner used the link, so the address is theirs, and typed the password chosen at
 * step one again. Without that, anyone could sign up in a stranger's name with a password of their
 * own and wait for the stranger to confirm the account for them. Creates the workspace and its
 * first admin (email verified) in one transaction, with a fresh single-use sign-in token for the
 * new account, which the caller hands to Auth.js to start the session.
 */
export async function completeSignUp(
  db: Db,
  { token, password, now = new Date() }: { token: string; password: string; now?: Date },
) {
  const invalid = () =>
    new DomainError("sign_up_link_invalid", "This link has expired or was already used. Sign up again.");
  const [pending] = await db
    .select({ passwordHash: signUpRequests.passwordHash })
    .from(signUpRequests)
    .where(usableSignUp(token, now));
  if (!pending) throw invalid();
  if (!(await verifyPassword(password, pending.passwordHash)))
    throw new DomainError(
      "invalid_credentials",
      "That is not the password chosen when signing up. If you did not sign up, ignore the email.",
    );
  try {
    return await db.transaction(async (tx) => {
      const [request] = await tx
        .update(signUpRequests)
        .set({ usedAt: now })
        .where(usableSignUp(token, now))
        .returning();
      if (!request) throw invalid();
      const slug = await freeSlug(tx, slugify(request.workspaceName));
      const [workspace] = await tx
        .insert(workspaces)
        .values({ name: request.workspaceName, slug })
        .returning({ id: workspaces.id });
      if (!workspace) throw new Error("insert returned no workspace");
      const [user] = await tx
        .insert(users)
        .values({
          ...(await newMemberSettings(tx, workspace.id)),
          workspaceId: workspace.id,
          name: request.name,
          email: request.email,
          emailVerified: now,
          role: "admin",
          passwordHash: request.passwordHash,
        })
        .returning({ id: users.id });
      if (!user) throw new Error("insert returned no user");
      const signIn = newLinkToken();
      await tx.insert(teamSignInTokens).values({
        email: request.email,
        tokenHash: signIn.tokenHash,
        expiresAt: new Date(now.getTime() + 60_000),
        createdAt: now,
      });
      return { workspaceId: workspace.id, userId: user.id, signInToken: signIn.token };
    });
  } catch (error) {
    // The address got an account meanwhile (two confirmations at once, or a second sign-up).
    if (isUniqueViolation(error))
      throw new DomainError("email_taken", "An account with this email already exists. Sign in instead.");
    throw error;
  }
}

function usableSignUp(token: string, now: Date) {
  return and(
    eq(signUpRequests.tokenHash, hashLinkToken(token)),
    isNull(signUpRequests.usedAt),
    gt(signUpRequests.expiresAt, now),
  );
}

/** The slug itself when free, else the slug with a short random suffix. */
async function freeSlug(db: Db, base: string) {
  const [clash] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, base));
  return clash ? `${base}-${randomBytes(3).toString("hex")}` : base;
}

function slugify(name: string) {
  return (
    name
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "workspace"
  );
}
