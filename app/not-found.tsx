import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { StatusPage } from "@/components/ui/status-page";

export const metadata: Metadata = { title: "Page not found" };

/** Any address nothing answers, and any page that calls notFound() without a not-found of its own. */
export default function NotFound() {
  return (
    <StatusPage
      code="404"
      title="Page not found"
      actions={
        <Link href="/messenger" className={buttonClass()}>
          Go to the messenger
        </Link>
      }
    >
      <p>The address may be mistyped, or the page has moved or been deleted.</p>
      <p>If you are signed out, the messenger asks you to sign in first.</p>
    </StatusPage>
  );
}
