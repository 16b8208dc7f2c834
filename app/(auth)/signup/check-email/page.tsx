import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";

export const metadata: Metadata = { title: "Check your email" };

export default function SignUpCheckEmailPage() {
  return (
    <AuthCard title="Check your email">
      <p className="text-sm text-slate-700">
        We sent a link to the address you entered. Open it to confirm the address and create your workspace.
        It works once and expires in 30 minutes.
      </p>
      <p className="mt-6 text-sm">
        <Link href="/signup" className="font-medium text-brand-700 hover:underline">
          Back to sign-up
        </Link>
      </p>
    </AuthCard>
  );
}
