import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvitationForm } from "@/components/auth/accept-invitation-form";
import { AuthCard } from "@/components/auth/auth-card";
import { getDb } from "@/db";
import { linkPageQuery } from "@/lib/auth/login-params";
import { getTeamActor } from "@/lib/auth/session";
import { INVITATION_LINK_PROBLEMS, peekInvitation } from "@/lib/team/invitations";

export const metadata: Metadata = { title: "Join the team" };

const TITLES = {
  expired: "This invitation has expired",
  used: "This invitation was already used",
  revoked: "This invitation no longer works",
  taken: "You already have an account",
  unknown: "This invitation link does not work",
} as const;

/**
 * Where an invitation email's link lands. Opening it uses nothing (mail scanners fetch links); the
 * form, with the name and password the invitee chooses, creates the account and signs them in.
 */
export default async function InvitationPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, unknown>>;
}) {
  const { token } = linkPageQuery.parse(await searchParams);
  const [link, current] = await Promise.all([
    token ? peekInvitation(await getDb(), { token }) : ({ state: "unknown" } as const),
    getTeamActor(),
  ]);
  if (link.state !== "open" || !token) {
    const state = link.state === "open" ? "unknown" : link.state;
    return (
      <AuthCard title={TITLES[state]}>
        <p className="text-sm text-slate-700">{INVITATION_LINK_PROBLEMS[state]}</p>
        <p className="mt-6 text-sm">
          <Link href="/login" className="font-medium text-brand-700 hover:underline">
            Go to sign in
          </Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={`Join ${link.workspaceName}`}>
      <p className="text-sm text-slate-700">
        You were invited as {link.role === "admin" ? "an admin" : "a member"} with the address{" "}
        <strong className="text-slate-900">{link.email}</strong>. Choose your name and a password.
      </p>
      {current && (
        <p className="mt-2 text-sm text-slate-700">
          You are signed in here as {current.name}; joining signs you out of that account.
        </p>
      )}
      <div className="mt-6">
        <AcceptInvitationForm token={token} />
      </div>
    </AuthCard>
  );
}
