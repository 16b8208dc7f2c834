import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { isAdmin } from "@/lib/auth/permissions";
import { requireTeamActor } from "@/lib/auth/session";

/** Admins only, decided here rather than in the page, for a real 404 (as for /settings/people). */
export default async function TeamSettingsLayout({ children }: { children: ReactNode }) {
  if (!isAdmin(await requireTeamActor())) notFound();
  return children;
}
