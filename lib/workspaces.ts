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

/** The workspace a chat page address names, or undefined. */
export async function findWorkspaceBySlug(db: Db, slug: string) {
  if (!/^[a-z0-9-]{1,64}$/i.test(slug)) return undefined;
  const [workspace] = await db
    .select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name })
    .from(workspaces)
    .where(eq(workspaces.slug, slug.toLowerCase()));
  return workspace;
}
