import "server-only";
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
