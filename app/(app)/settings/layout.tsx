import type { ReactNode } from "react";
import { SettingsNav } from "@/components/settings/settings-nav";
import { isAdmin } from "@/lib/auth/permissions";
import { requireTeamActor } from "@/lib/auth/session";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const actor = await requireTeamActor();
  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto flex max-w-4xl flex-col gap-6 p-4 sm:flex-row sm:p-6">
        <SettingsNav isAdmin={isAdmin(actor)} />
        <div className="min-w-0 flex-1">{children}</div>
      </div>
    </div>
  );
}
