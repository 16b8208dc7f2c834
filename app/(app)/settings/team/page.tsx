import type { Metadata } from "next";
import { TeamInvitations } from "@/components/settings/team-invitations";
import { TeamMembers } from "@/components/settings/team-members";
import { getDb } from "@/db";
import { requireAdminPage } from "@/lib/auth/session";
import { listWorkspaceMembers, MEMBER_LIST_LIMIT } from "@/lib/people/directory";
import { listPendingInvitations } from "@/lib/team/invitations";

export const metadata: Metadata = { title: "Team" };

export default async function TeamSettingsPage() {
  const actor = await requireAdminPage("/settings/notifications");
  const db = await getDb();
  const [team, invitations] = await Promise.all([
    listWorkspaceMembers(db, { actor }),
    listPendingInvitations(db, { actor }),
  ]);
  return (
    <div className="space-y-10">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Team</h1>
        <p className="mt-1 text-sm text-slate-600">
          Who is on the team, and as what. Deactivating someone signs them out everywhere at once. A workspace
          always keeps at least one active admin.
        </p>
      </div>
      <section aria-labelledby="invitations-heading">
        <TeamInvitations initial={invitations} />
      </section>
      <section aria-labelledby="team-members-heading" className="space-y-3">
        <h2 id="team-members-heading" className="text-base font-semibold text-slate-900">
          Team members
        </h2>
        <TeamMembers initial={team.members} more={team.more} limit={MEMBER_LIST_LIMIT} meId={actor.userId} />
      </section>
    </div>
  );
}
