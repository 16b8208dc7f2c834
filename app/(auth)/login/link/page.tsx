import type { Metadata } from "next";
import Link from "next/link";
import { redeemTeamSignInLink } from "@/app/(auth)/actions";
import { AuthCard } from "@/components/auth/auth-card";
import { TokenButtonForm } from "@/components/auth/token-button-form";
import { getDb } from "@/db";
import { linkPageQuery } from "@/lib/auth/login-params";
import { getTeamActor } from "@/lib/auth/session";
import { peekTeamSignInLink } from "@/lib/auth/team-sign-in-links";

export const metadata: Metadata = { title: "Sign in" };

/**
 * Where an emailed sign-in link lands. It says who is signing in, and who is signed in now if that
 * is someone else; only the button signs in.
 */
export default async function TeamSignInLinkPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, unknown>>;
}) {
  const { token } = linkPageQuery.parse(await searchParams);
  const [link, current] = await Promise.all([
    token ? peekTeamSignInLink(await getDb(), { token }) : null,
    getTeamActor(),
  ]);
  if (!token || !link)
    return (
      <AuthCard title="This link has expired">
        <p className="text-sm text-slate-700">Sign-in links work once, within 30 minutes.</p>
        <p className="mt-6 text-sm">
          <Link href="/login" className="font-medium text-brand-700 hover:underline">
            Get a new link
          </Link>
        </p>
      </AuthCard>
    );
  if (current?.userId === link.userId)
    return (
      <AuthCard title="You are already signed in">
        <Link href="/messenger" className="text-sm font-medium text-brand-700 hover:underline">
          Open the messenger
        </Link>
      </AuthCard>
    );
  return (
    <AuthCard title={`Sign in to ${link.workspaceName}`}>
      <p className="text-sm text-slate-700">
        Signing in as <strong className="text-slate-900">{link.name}</strong> ({link.email}).
      </p>
      {current && (
        <p
          role="note"
          className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          This browser is signed in as <strong>{current.name}</strong>. Continuing signs them out here.{" "}
          <Link href="/messenger" className="font-medium underline">
            Stay as {current.name}
          </Link>
        </p>
      )}
      <div className="mt-6">
        <TokenButtonForm
          action={redeemTeamSignInLink}
          token={token}
          label={current ? `Sign out ${current.name} and continue` : "Continue"}
          pendingLabel="Signing in…"
        />
      </div>
    </AuthCard>
  );
}
