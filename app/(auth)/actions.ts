"use server";

import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
import { z } from "zod";
import { getDb } from "@/db";
import { signIn, signOut } from "@/lib/auth/auth";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { signUp, signUpInput } from "@/lib/auth/sign-up";
import { DomainError } from "@/lib/domain-error";
import { type ActionResult, formFields, runAction } from "@/lib/server-action";

export type FormState = ActionResult<null> | null;

const passwordForm = z.object({
  email: z.email("Enter a valid email address.").trim().toLowerCase(),
  password: z.string().min(1, "Enter your password.").max(200),
  next: z.string().max(2000).optional(),
});

export async function signInWithPassword(_previous: FormState, form: FormData): Promise<FormState> {
  const result = await runAction(formFields(passwordForm), form, async ({ email, password, next }) => {
    try {
      await signIn("credentials", { email, password, redirectTo: safeRedirectPath(next) });
    } catch (error) {
      // The same words for an unknown email and a wrong password.
      if (error instanceof AuthError)
        throw new DomainError("invalid_credentials", "Email or password is incorrect.");
      throw error; // includes the redirect that signals success
    }
    return null;
  });
  return result.ok ? result.data : result;
}

const linkForm = z.object({ email: z.email("Enter a valid email address.").trim().toLowerCase() });

export async function emailSignInLink(_previous: FormState, form: FormData): Promise<FormState> {
  const result = await runAction(formFields(linkForm), form, async ({ email }) => {
    await signIn("email-link", { email, redirectTo: "/messenger", redirect: false });
    redirect("/login/check-email");
  });
  return result.ok ? result.data : result;
}

export async function createWorkspace(_previous: FormState, form: FormData): Promise<FormState> {
  const result = await runAction(formFields(signUpInput), form, async (input) => {
    await signUp(await getDb(), input);
    await signIn("credentials", { email: input.email, password: input.password, redirectTo: "/messenger" });
    return null;
  });
  return result.ok ? result.data : result;
}

export async function signOutAction() {
  await signOut({ redirectTo: "/login" });
}
