import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import { DomainError } from "@/lib/domain-error";
import { findWorkspaceBySlug } from "@/lib/workspaces";
import { getChatActor } from "./session-cookie";

/**
 * The workspace a chat address names, and the customer signed in to its chat (or null). Once per
 * request, so a layout and its page share one lookup. Null for an unknown workspace.
 */
export const getChatContext = cache(async (slug: string) => {
  const workspace = await findWorkspaceBySlug(await getDb(), slug);
  if (!workspace) return null;
  return { workspace, actor: await getChatActor(workspace.id) };
});

export type ChatContext = NonNullable<Awaited<ReturnType<typeof getChatContext>>>;

/** For chat pages: an unknown workspace is the 404 page. */
export async function chatPageContext(slug: string): Promise<ChatContext> {
  return (await getChatContext(slug)) ?? notFound();
}

/** For chat actions and route handlers: an unknown workspace is a typed error, a 404 from a route. */
export async function requireChatContext(slug: string): Promise<ChatContext> {
  const context = await getChatContext(slug);
  if (!context) throw new DomainError("workspace_not_found", "This chat does not exist.");
  return context;
}
