"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthError, CredentialsSignin } from "next-auth";
import { z } from "zod";
import { getDb } from "@/db";
import { auth, signIn, signOut } from "@/lib/auth/auth";
import { clientAddressOf } from "@/lib/auth/client-address";
import { assertPasswordSignInAllowed } from "@/lib/auth/password-sign-in";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { endSession, isSessionId, signOutEverywhere } from "@/lib/auth/sessions";
import { completeSignUp, requestSignUp, signUpInput } from "@/lib/auth/sign-up";
import { requestTeamSignInLink } from "@/lib/auth/team-sign-in-links";
import { DomainError } from "@/lib/domain-error";
import { sendSoon } from "@/lib/email/send-soon";
import { getEnv } from "@/lib/env";
import { removeAllPushDevices } from "@/lib/push/subscriptions";
import { type ActionResult, formFields, runAction, teamAction } from "@/lib/server-action";
import { acceptInvitation, acceptInvitationInput } from "@/lib/team/invitations";

export type FormState = ActionResult<null> | null;

const passwordForm = z.object({
  email: z.email("Enter a valid email address.").trim().toLowerCase(),
  password: z.string().min(1, "Enter your password.").max(200),
  next: z.string().max(2000).optional(),
});

const clientAddress = async () => clientAddressOf(await headers());

export async function signInWithPassword(_previous: FormState, form: FormData): Promise<FormState> {
  const result = await runAction(formFields(passwordForm), form, async ({ email, password, next }) => {
    const db = await getDb();
    // Checked here too, to answer with the wait; Auth.js's own endpoint checks it in authorize().
    await assertPasswordSignInAllowed(db, { email, clientAddress: await clientAddress() });
    try {
      await signIn("credentials", { email, password, redirectTo: safeRedirectPath(next) });
    } catch (error) {
      // Limited between the check above and Auth.js's own: check again, to answer with the wait.
      if (error instanceof CredentialsSignin && error.code === "rate_limited")
        await assertPasswordSignInAllowed(db, { email, clientAddress: await clientAddress() });
      // The same words for an unknown email and a wrong password.
      if (error instanceof AuthError)
        throw new DomainError("invalid_credentials", "Email or password is incorrect.");
      throw error; // includes the redirect that signals success
    }
    return null;
  });
  return result.ok ? result.data : result;
}

const linkForm = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.").max(254)),
});

/** The same answer, after the same work, whether or not the address has an account. */
export async function emailSignInLink(_previous: FormState, form: FormData): Promise<FormState> {
  const result = await runAction(formFields(linkForm), form, async ({ email }) => {
    const db = await getDb();
    const { batchIds } = await requestTeamSignInLink(db, {
      email,
      clientAddress: await clientAddress(),
      appUrl: getEnv().APP_URL,
    });
    sendSoon(db, batchIds);
    redirect("/login/check-email");
  });
  return result.ok ? result.data : result;
}

const linkToken = z.object({ token: z.string().min(1).max(200) });

/**
 * The button on the page an emailed link opens: uses the token and signs in. A session of someone
 * else in this browser ends first; the page said so before the click.
 */
export async function redeemTeamSignInLink(_previous: FormState, form: FormData): Promise<FormState> {
  const result = await runAction(formFields(linkToken), form, async ({ token }) => {
    await endThisBrowsersTeamSession();
    try {
      await signIn("team-link", { token, redirectTo: "/messenger" });
    } catch (error) {
      if (error instanceof AuthError)
        throw new DomainError(
          "sign_in_link_invalid",
          "This sign-in link has expired or was already used. Ask for a new one.",
        );
      throw error;
    }
    return null;
  });
  return result.ok ? result.data : result;
}

/** Step one of signing up: the same answer for every address (a link, or a note, goes by email). */
export async function createWorkspace(_previous: FormState, form: FormData): Promise<FormState> {
  const result = await runAction(formFields(signUpInput), form, async (input) => {
    const db = await getDb();
    const { batchIds } = await requestSignUp(db, {
      input,
      clientAddress: await clientAddress(),
      appUrl: getEnv().APP_URL,
    });
    sendSoon(db, batchIds);
    redirect("/signup/check-email");
  });
  return result.ok ? result.data : result;
}

const confirmation = linkToken.extend({
  password: z.string().min(1, "Enter the password you chose when signing up.").max(200),
});

/** Step two, the form on the confirmation link's page: creates the workspace and signs its owner in. */
export async function confirmSignUp(_previous: FormState, form: FormData): Promise<FormState> {
  const result = await runAction(formFields(confirmation), form, async ({ token, password }) => {
    const db = await getDb();
    const { signInToken } = await completeSignUp(db, { token, password });
    await endThisBrowsersTeamSession();
    await signIn("team-link", { token: signInToken, redirectTo: "/messenger" });
    return null;
  });
  return result.ok ? result.data : result;
}

/**
 * The form on an invitation link's page: creates the invitee's account with the name and password
 * they chose, and signs them in. The link's token is the credential; it works once.
 */
export async function acceptInvitationAction(_previous: FormState, form: FormData): Promise<FormState> {
  const result = await runAction(
    formFields(linkToken.extend(acceptInvitationInput.shape)),
    form,
    async ({ token, name, password }) => {
      const db = await getDb();
      const { signInToken } = await acceptInvitation(db, { token, name, password });
      await endThisBrowsersTeamSession();
      await signIn("team-link", { token: signInToken, redirectTo: "/messenger" });
      return null;
    },
  );
  return result.ok ? result.data : result;
}

/** Before a link signs someone in here, whoever was signed in (the page said who) is signed out on the server too. */
async function endThisBrowsersTeamSession() {
  const current = await auth();
  if (isSessionId(current?.sessionId)) await endSession(await getDb(), current.sessionId);
}

export async function signOutAction() {
  await signOut({ redirectTo: "/login" });
}

/**
 * Ends every session of the signed-in member, on every device, this one included; and no browser
 * of theirs is pushed anything more until they turn push on again there.
 */
export const signOutEverywhereAction = teamAction(z.object({}), async ({ db, actor }) => {
  await signOutEverywhere(db, { userId: actor.userId });
  await removeAllPushDevices(db, { userId: actor.userId });
  await signOut({ redirectTo: "/login" });
  return null;
});
