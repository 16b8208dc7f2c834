import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { workspaces } from "@/db/schema";

/**
 * The notification settings a new member of the workspace starts with, as its admins set them on
 * the workspace settings page: for every place a team member's row is made (sign-up, an accepted
 * invitation, the demo seed), spread into the insert. Each member may change their own later.
 */
export async function newMemberSettings(tx: Db, workspaceId: string) {
  const [defaults] = await tx
    .select({
      notifyBubble: workspaces.newMemberBubble,
      notifySound: workspaces.newMemberSound,
      emailChoice: workspaces.newMemberEmailChoice,
    })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  if (!defaults) throw new Error(`no workspace ${workspaceId} to join`);
  return defaults;
}
