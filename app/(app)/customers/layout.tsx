import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { isAdmin } from "@/lib/auth/permissions";
import { requireTeamActor } from "@/lib/auth/session";

/**
 * Admins only, decided here rather than in the pages: they stream behind their loading skeletons,
 * and a not-found thrown there would arrive after a 200. Here it is a real 404, as for /settings/team.
 */
export default async function CustomersLayout({ children }: { children: ReactNode }) {
  if (!isAdmin(await requireTeamActor())) notFound();
  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-4xl p-4 sm:p-6">{children}</div>
    </div>
  );
}
