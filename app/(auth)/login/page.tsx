import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { getTeamActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

// Auth.js sends people back here with ?error=… when an emailed link is used up or expired.
const linkErrors: Record<string, string> = {
  Verification: "That sign-in link has expired or was already used. Ask for a new one.",
  AccessDenied: "That account cannot sign in.",
};

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; error?: string }>;
}) {
  if (await getTeamActor()) redirect("/messenger");
  const { next, error } = await searchParams;
  return (
    <AuthCard title="Sign in" subtitle="Welcome back. Sign in to your team's messenger.">
      <LoginForm
        next={next}
        error={error ? (linkErrors[error] ?? "Sign-in failed. Try again.") : undefined}
      />
      <p className="mt-6 text-center text-sm text-slate-600">
        New here?{" "}
        <Link href="/signup" className="font-medium text-brand-700 hover:underline">
          Create a workspace
        </Link>
      </p>
    </AuthCard>
  );
}
