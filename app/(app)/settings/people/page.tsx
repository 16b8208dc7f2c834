import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PeopleCustomers } from "@/components/settings/people-customers";
import { PeopleMembers } from "@/components/settings/people-members";
import { getDb } from "@/db";
import { isAdmin } from "@/lib/auth/permissions";
import { requireTeamActor } from "@/lib/auth/session";
import { listWorkspaceCustomers, listWorkspaceMembers, MEMBER_LIST_LIMIT } from "@/lib/people/directory";

export const metadata: Metadata = { title: "People" };

export default async function PeopleSettingsPage() {
  const actor = await requireTeamActor();
  // Next renders the page alongside its layout, so the layout's 404 does not stop this one starting.
  if (!isAdmin(actor)) notFound();
  const db = await getDb();
  const [team, customers] = await Promise.all([
    listWorkspaceMembers(db, { actor }),
    listWorkspaceCustomers(db, { actor }),
  ]);
  return (
    <div className="space-y-10">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">People</h1>
        <p className="mt-1 text-sm text-slate-600">
          Who can use the workspace. Taking someone's access away signs them out everywhere at once.
        </p>
      </div>
      <section aria-labelledby="team-members-heading" className="space-y-3">
        <h2 id="team-members-heading" className="text-base font-semibold text-slate-900">
          Team members
        </h2>
        <PeopleMembers
          initial={team.members}
          more={team.more}
          limit={MEMBER_LIST_LIMIT}
          meId={actor.userId}
        />
      </section>
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
