import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers, users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/permissions";
import { decodeCursor, encodeCursor } from "@/lib/keyset-cursor";
import { customerMatches } from "./customers";
import { likePattern } from "./search-pattern";

/**
 * The admin's directory of the workspace's people, for deactivating members and revoking
 * customers (lib/people/access-control.ts). Unlike the pickers it lists the deactivated and the
 * revoked too, marked as such, since those are the ones an admin brings back.
 */

export type MemberEntry = {
  id: string;
  name: string;
  email: string;
  role: "admin" | "member";
  deactivated: boolean;
  customerFacing: boolean;
  emailOffByAdmin: boolean;
};

export type CustomerEntry = {
  id: string;
  name: string;
  /** Null for a visitor, who has not confirmed an address. */
  email: string | null;
  revoked: boolean;
  blocked: boolean;
  createdAt: Date;
};

/** A workspace has tens of members; past this many the page says the list is cut short. */
export const MEMBER_LIST_LIMIT = 500;
export const CUSTOMER_PAGE_SIZE = 25;

/** Every member of the admin's workspace by name, up to `limit`; `more` says some were left out. */
export async function listWorkspaceMembers(
  db: Db,
  { actor, limit = MEMBER_LIST_LIMIT }: { actor: TeamActor; limit?: number },
): Promise<{ members: MemberEntry[]; more: boolean }> {
  requireAdmin(actor, "Only admins can see the workspace's members.");
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      deactivated: sql<boolean>`${users.deactivatedAt} is not null`,
      customerFacing: users.customerFacing,
      emailOffByAdmin: users.emailOffByAdmin,
    })
    .from(users)
    .where(eq(users.workspaceId, actor.workspaceId))
    .orderBy(asc(users.name), asc(users.id))
    .limit(limit + 1);
  return { members: rows.slice(0, limit), more: rows.length > limit };
}

/**
 * One page of the admin's workspace's customers, newest first, optionally only those whose name or
 * email contains `query`. Keyset paging on (created_at, id): `nextCursor` opens the next page.
 */
export async function listWorkspaceCustomers(
  db: Db,
  {
    actor,
    cursor,
    query,
    limit = CUSTOMER_PAGE_SIZE,
  }: { actor: TeamActor; cursor?: string; query?: string; limit?: number },
): Promise<{ rows: CustomerEntry[]; nextCursor: string | null }> {
  requireAdmin(actor, "Only admins can see the workspace's customers.");
  const after = decodeCursor(cursor);
  const search = query?.trim();
  const page = await db
    .select({
      id: customers.id,
      name: customers.name,
      email: customers.email,
      revoked: sql<boolean>`${customers.revokedAt} is not null`,
      blocked: sql<boolean>`${customers.blockedAt} is not null`,
      createdAt: customers.createdAt,
      // The sort key to the microsecond, which a Date would round: the cursor must match the row exactly.
      position: sql<string>`to_char(${customers.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(customers)
    .where(
      and(
        eq(customers.workspaceId, actor.workspaceId),
        search ? customerMatches(likePattern(search)) : undefined,
        after
          ? sql`(${customers.createdAt}, ${customers.id}) < (${after.t}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(customers.createdAt), desc(customers.id))
    .limit(limit + 1);
  const shown = page.slice(0, limit);
  const last = shown.at(-1);
  return {
    rows: shown.map(({ position: _, ...row }) => row),
    nextCursor: page.length > limit && last ? encodeCursor(last.position, last.id) : null,
  };
}
