import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { isAdmin } from "@/lib/auth/permissions";
import { requireTeamActor } from "@/lib/auth/session";

/**
 * Admins only, decided here rather than in the page: the page streams behind its loading skeleton,
 * and a not-found thrown there would arrive after a 200. Here it is a real 404, as for /settings/workspace.
 */
export default async function PeopleSettingsLayout({ children }: { children: ReactNode }) {
  if (!isAdmin(await requireTeamActor())) notFound();
  return children;
}
