import { and, asc, eq, ilike, inArray, isNull, ne, or, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers, users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { isUuid } from "@/lib/uuid";
import { rankedCustomers } from "./customers";
import { likePattern, matchRank, withoutRank } from "./search-pattern";

export type TeamMemberOption = { id: string; name: string; email: string };

/** Someone the To field can add: a team member or, in a customer conversation, a customer. */
export type PersonOption = TeamMemberOption & { kind: "user" | "customer" };

/**
 * Active team members of the actor's workspace matching part of a name or email, for the `@` search
 * and the people picker: those whose name or address starts with the query first (see matchRank),
 * then by name. Never lists the actor, deactivated members, or anyone from another workspace.
 */
export async function searchTeamMembers(
  db: Db,
  input: { actor: TeamActor; query: string; limit?: number; also?: SQL },
): Promise<TeamMemberOption[]> {
  return (await rankedTeamMembers(db, input)).map(withoutRank);
}

async function rankedTeamMembers(
  db: Db,
  {
    actor,
    query,
    limit = 8,
    also,
  }: {
    actor: TeamActor;
    query: string;
    limit?: number;
    /** One more condition on the `users` row (who may be mentioned in a thread). */
    also?: SQL;
  },
) {
  const pattern = likePattern(query);
  const rank = matchRank(query, { name: users.name, email: users.email });
  return db
    .select({ id: users.id, name: users.name, email: users.email, rank })
    .from(users)
    .where(
      and(
        eq(users.workspaceId, actor.workspaceId),
        isNull(users.deactivatedAt),
        ne(users.id, actor.userId),
        or(ilike(users.name, pattern), ilike(users.email, pattern)),
        also,
      ),
    )
    .orderBy(rank, asc(users.name))
    .limit(limit);
}

/**
 * Every active member of the actor's workspace (them included) by name: the choices of an item's
 * Assignee. A workspace has tens of members; this stops at 500.
 */
export async function listActiveTeamMembers(
  db: Db,
  { actor }: { actor: TeamActor },
): Promise<TeamMemberOption[]> {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.workspaceId, actor.workspaceId), isNull(users.deactivatedAt)))
    .orderBy(asc(users.name), asc(users.id))
    .limit(500);
}

/**
 * The active team members of the actor's workspace with these ids, or a typed error naming why not.
 * A customer's id is refused outright: customers can never join an internal conversation.
 */
export async function requireTeamMembers(db: Db, actor: TeamActor, ids: string[]) {
  const wanted = [...new Set(ids)];
  if (!wanted.every(isUuid)) throw unknownPerson();
  if (wanted.length === 0) return [];
  const found = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      and(inArray(users.id, wanted), eq(users.workspaceId, actor.workspaceId), isNull(users.deactivatedAt)),
    );
  if (found.length === wanted.length) return found;

  const missing = wanted.filter((id) => !found.some((user) => user.id === id));
  const [customer] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(inArray(customers.id, missing), eq(customers.workspaceId, actor.workspaceId)))
    .limit(1);
  if (customer) {
    throw new DomainError(
      "customer_not_allowed",
      "Customers cannot be added to an internal conversation. Start a customer conversation instead.",
    );
  }
  throw unknownPerson();
}

const unknownPerson = () =>
  new DomainError("unknown_participant", "One of the people you chose is not an active member of your team.");

/**
 * Team members and customers matching a search, each marked as which, for the To field of a
 * customer conversation. Whoever's name or address starts with the query comes first; among
 * equally good matches customers come first, since a customer conversation is written to them.
 */
export async function searchPeople(
  db: Db,
  { actor, query, limit = 8 }: { actor: TeamActor; query: string; limit?: number },
): Promise<PersonOption[]> {
  const [team, found] = await Promise.all([
    rankedTeamMembers(db, { actor, query, limit }),
    rankedCustomers(db, { workspaceId: actor.workspaceId, query, limit }),
  ]);
  // Each list is already in order, so a stable sort by rank alone keeps customers ahead of teammates.
  return [
    ...found.map((person) => ({ ...person, kind: "customer" as const })),
    ...team.map((person) => ({ ...person, kind: "user" as const })),
  ]
    .sort((a, b) => a.rank - b.rank)
    .slice(0, limit)
    .map(withoutRank);
}
