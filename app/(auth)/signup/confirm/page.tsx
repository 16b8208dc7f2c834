import type { Metadata } from "next";
import Link from "next/link";
import { confirmSignUp } from "@/app/(auth)/actions";
import { AuthCard } from "@/components/auth/auth-card";
import { TokenButtonForm } from "@/components/auth/token-button-form";
import { Field } from "@/components/ui/field";
import { getDb } from "@/db";
import { linkPageQuery } from "@/lib/auth/login-params";
import { peekSignUp } from "@/lib/auth/sign-up";

export const metadata: Metadata = { title: "Create your workspace" };

/** Where a sign-up's confirmation link lands: the workspace is created by the button, not by opening it. */
export default async function ConfirmSignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, unknown>>;
}) {
  const { token } = linkPageQuery.parse(await searchParams);
  const request = token ? await peekSignUp(await getDb(), { token }) : null;
  if (!token || !request)
    return (
      <AuthCard title="This link has expired">
        <p className="text-sm text-slate-700">Confirmation links work once, within 30 minutes.</p>
        <p className="mt-6 text-sm">
          <Link href="/signup" className="font-medium text-brand-700 hover:underline">
            Sign up again
          </Link>
        </p>
      </AuthCard>
    );
  return (
    <AuthCard title={`Create ${request.workspaceName}`}>
      <p className="text-sm text-slate-700">
        Your address <strong className="text-slate-900">{request.email}</strong> is confirmed once you
        continue.
      </p>
      <div className="mt-6">
        <TokenButtonForm
          action={confirmSignUp}
          token={token}
          label="Create the workspace"
          pendingLabel="Creating…"
        >
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            hint="The one you chose when signing up."
          />
        </TokenButtonForm>
      </div>
    </AuthCard>
  );
}
