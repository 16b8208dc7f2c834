import type { Metadata } from "next";
import { DeliveryProblems } from "@/components/settings/delivery-problems";
import { WorkspaceSettingsForm } from "@/components/settings/workspace-settings-form";
import { getDb } from "@/db";
import { requireAdminPage } from "@/lib/auth/session";
import { getWorkspaceSettings, listEmailProblems, listPushProblems } from "@/lib/settings/workspace-settings";

export const metadata: Metadata = { title: "Workspace settings" };

export default async function WorkspaceSettingsPage() {
  const actor = await requireAdminPage("/settings/notifications");
  const db = await getDb();
  const [settings, emailProblems, pushProblems] = await Promise.all([
    getWorkspaceSettings(db, { actor }),
    listEmailProblems(db, { actor }),
    listPushProblems(db, { actor }),
  ]);
  return (
    <div className="space-y-10">
      <section aria-labelledby="workspace-heading" className="space-y-4">
        <div>
          <h1 id="workspace-heading" className="text-xl font-semibold text-slate-900">
            Workspace settings
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            Notification defaults for everyone in the workspace (each person can still turn their own emails
            off), what new members start with, how long a sent message can still be fixed, and how a ticket's
            reply box opens.
          </p>
        </div>
        <WorkspaceSettingsForm initial={settings} />
      </section>
      <DeliveryProblems emails={emailProblems} pushes={pushProblems} />
    </div>
  );
}
