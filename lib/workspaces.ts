import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { workspaces } from "@/db/schema";

export async function getWorkspaceName(db: Db, workspaceId: string) {
  const [workspace] = await db
    .select({ name: workspaces.name })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return workspace?.name ?? "";
}

/** What the chat page shows of its workspace. */
const chatColumns = {
  id: workspaces.id,
  slug: workspaces.slug,
  name: workspaces.name,
  chatGreeting: workspaces.chatGreeting,
  chatReplyTime: workspaces.chatReplyTime,
};

/** The workspace a chat page address names, or undefined. */
export async function findWorkspaceBySlug(db: Db, slug: string) {
  if (!/^[a-z0-9-]{1,64}$/i.test(slug)) return undefined;
  const [workspace] = await db
    .select(chatColumns)
    .from(workspaces)
    .where(eq(workspaces.slug, slug.toLowerCase()));
  return workspace;
}

/** A customer's own workspace, as the chat page shows it. */
export async function getChatWorkspace(db: Db, workspaceId: string) {
  const [workspace] = await db.select(chatColumns).from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!workspace) throw new Error(`workspace ${workspaceId} is gone`);
  return workspace;
}
