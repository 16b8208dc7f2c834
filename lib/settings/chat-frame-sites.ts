import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { workspaces } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/domain-error";

/**
 * The sites that may show a workspace's chat page in a frame (the widget), as an admin lists them.
 * Each becomes a CSP `frame-ancestors` source (lib/security-headers.ts), so only an origin that
 * reads the same there is accepted, and it is stored normalized: lower case, no default port, no
 * trailing slash. An empty list means any site.
 */
export const MAX_CHAT_FRAME_SITES = 20;

const EXAMPLE = "https://www.example.com or https://*.example.com";

export const chatFrameSitesInput = z
  .array(z.string({ error: "Enter one site per line." }), { error: "Enter one site per line." })
  .transform((entries, ctx) => {
    const sites: string[] = [];
    for (const entry of entries.map((line) => line.trim()).filter(Boolean)) {
      const site = normalizeSite(entry);
      if (site === null) {
        ctx.addIssue({
          code: "custom",
          message: `“${entry.slice(0, 100)}” is not a site address. Write it as ${EXAMPLE}, without a path.`,
        });
        return z.NEVER;
      }
      if (!sites.includes(site)) sites.push(site);
    }
    if (sites.length > MAX_CHAT_FRAME_SITES) {
      ctx.addIssue({ code: "custom", message: `List at most ${MAX_CHAT_FRAME_SITES} sites.` });
      return z.NEVER;
    }
    return sites;
  });

// A host name: dot-separated labels of letters, digits and hyphens (after IDNA), or an IPv4 address.
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * `scheme://host[:port]`, scheme http or https, optionally with `*.` for every subdomain of a name
 * with at least two labels (`https://*.com` would let anyone in). Anything else (a path, a query,
 * credentials, a keyword such as 'self', a bare `*`, spaces or `;` that would break the header) is
 * null.
 */
export function normalizeSite(entry: string): string | null {
  const match = /^(https?):\/\/(\*\.)?([^/?#]+)\/?$/i.exec(entry);
  if (!match) return null;
  const [, scheme, wildcard, authority] = match;
  let url: URL;
  try {
    url = new URL(`${scheme}://${authority}`);
  } catch {
    return null;
  }
  if (url.username || url.password || url.pathname !== "/" || url.search || url.hash) return null;
  if (!HOST.test(url.hostname)) return null; // IPv6 literals and other oddities
  if (wildcard && !url.hostname.includes(".")) return null;
  // `URL` drops the scheme's default port and lower-cases the host (punycode for IDN).
  return `${url.protocol}//${wildcard ?? ""}${url.host}`;
}

/** The workspace's list, by the slug in a chat page's address; empty for an unknown slug. */
export async function chatFrameAncestorsBySlug(db: Db, slug: string): Promise<string[]> {
  const [row] = await db
    .select({ sites: workspaces.chatFrameAncestors })
    .from(workspaces)
    .where(eq(workspaces.slug, slug.toLowerCase()));
  return row?.sites ?? [];
}

const ADMINS_ONLY = "Only admins can change where the chat widget may be shown.";

/** What the Chat widget settings page shows an admin: the chat page's slug, and the framing sites. */
export async function getChatWidgetSettings(db: Db, { actor }: { actor: TeamActor }) {
  requireAdmin(actor, ADMINS_ONLY);
  const [row] = await db
    .select({ slug: workspaces.slug, chatFrameAncestors: workspaces.chatFrameAncestors })
    .from(workspaces)
    .where(eq(workspaces.id, actor.workspaceId));
  if (!row) throw new DomainError("workspace_not_found", "This workspace no longer exists.");
  return row;
}

/** An admin's list, as parsed by `chatFrameSitesInput`; it applies to the next chat page served. */
export async function updateChatFrameSites(
  db: Db,
  { actor, sites }: { actor: TeamActor; sites: string[] },
): Promise<{ chatFrameAncestors: string[] }> {
  requireAdmin(actor, ADMINS_ONLY);
  const [saved] = await db
    .update(workspaces)
    .set({ chatFrameAncestors: sites })
    .where(eq(workspaces.id, actor.workspaceId))
    .returning({ chatFrameAncestors: workspaces.chatFrameAncestors });
  if (!saved) throw new DomainError("workspace_not_found", "This workspace no longer exists.");
  return saved;
}
