import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PeopleCustomers } from "@/components/settings/people-customers";
import { getDb } from "@/db";
import { isAdmin } from "@/lib/auth/permissions";
import { requireTeamActor } from "@/lib/auth/session";
import { listWorkspaceCustomers } from "@/lib/people/directory";

export const metadata: Metadata = { title: "People" };

export default async function PeopleSettingsPage() {
  const actor = await requireTeamActor();
  // Next renders the page alongside its layout, so the layout's 404 does not stop this one starting.
  if (!isAdmin(actor)) notFound();
  const customers = await listWorkspaceCustomers(await getDb(), { actor });
  return (
    <div className="space-y-10">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">People</h1>
        <p className="mt-1 text-sm text-slate-600">
          The workspace's customers. Taking someone's access away signs them out everywhere at once. Team
          members are on the{" "}
          <Link href="/settings/team" className="font-medium text-brand-700 hover:underline">
            Team
          </Link>{" "}
          page.
        </p>
      </div>
      <section aria-labelledby="customers-heading" className="space-y-3">
        <div>
          <h2 id="customers-heading" className="text-base font-semibold text-slate-900">
            Customers
          </h2>
          <p className="mt-1 text-sm text-slate-600">Newest first. A revoked customer cannot use the chat.</p>
        </div>
        <PeopleCustomers initial={customers} />
      </section>
    </div>
  );
}
