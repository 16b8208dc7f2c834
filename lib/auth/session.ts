import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import type { TeamActor } from "./actor";
import { auth } from "./auth";
import { isAdmin } from "./permissions";
import { loadTeamActor } from "./team-members";

/** The signed-in team member, checked against the database (session row and account) once per request. */
export const getTeamActor = cache(async (): Promise<TeamActor | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId || !session.sessionId) return null;
  return loadTeamActor(await getDb(), { userId, sessionId: session.sessionId });
});

/** For team pages: the actor, or a redirect to the sign-in page. */
export async function requireTeamActor(): Promise<TeamActor> {
  const actor = await getTeamActor();
  if (!actor) redirect("/login");
  return actor;
}

/**
 * For admin pages: the actor, if an admin. A member is sent `elsewhere` (their own settings, or the
 * messenger) rather than shown a page that is not for them.
 */
export async function requireAdminPage(elsewhere: string): Promise<TeamActor> {
  const actor = await requireTeamActor();
  if (!isAdmin(actor)) redirect(elsewhere);
  return actor;
}
