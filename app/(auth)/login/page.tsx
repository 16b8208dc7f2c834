import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { loginQuery } from "@/lib/auth/login-params";
import { getTeamActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, unknown>>;
}) {
  if (await getTeamActor()) redirect("/messenger");
  const { next, error } = loginQuery.parse(await searchParams);
  return (
    <AuthCard title="Sign in" subtitle="Welcome back. Sign in to your team's messenger.">
      <LoginForm next={next} error={error} />
      <p className="mt-6 text-center text-sm text-slate-600">
        New here?{" "}
        <Link href="/signup" className="font-medium text-brand-700 hover:underline">
          Create a workspace
        </Link>
      </p>
    </AuthCard>
  );
}
