import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { customers } from "@/db/schema";
import { DomainError } from "@/lib/domain-error";
import { plainTextOr } from "@/lib/plain-text";
import { isUuid } from "@/lib/uuid";
import { likePattern, matchRank, withoutRank } from "./search-pattern";

export const customerEmail = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address.").max(254, "An email address is at most 254 characters."));

/**
 * Until they tell us, a new customer is known by the part of their address before the @, as plain
 * text: the name is shown to the team and lands in email subjects and From names.
 */
export const nameFromEmail = (email: string) => plainTextOr(email.split("@")[0], "Customer");

/** The workspace's customers with these ids, or a typed error. */
export async function requireCustomers(db: Db, workspaceId: string, ids: string[]) {
  const wanted = [...new Set(ids)];
  if (!wanted.every(isUuid)) throw unknownCustomer();
  if (wanted.length === 0) return [];
  const found = await db
    .select({ id: customers.id, name: customers.name, email: customers.email })
    .from(customers)
    .where(and(inArray(customers.id, wanted), eq(customers.workspaceId, workspaceId)));
  if (found.length !== wanted.length) throw unknownCustomer();
  return found;
}

/**
 * The workspace's customers with these addresses, created if new. Addresses are compared
 * lower-cased; an existing customer keeps their name.
 */
export async function findOrCreateCustomers(db: Db, workspaceId: string, emails: string[]) {
  const wanted = [...new Set(emails.map((email) => email.trim().toLowerCase()))];
  if (wanted.length === 0) return [];
  for (const email of wanted) {
    if (!customerEmail.safeParse(email).success)
      throw new DomainError("invalid_email", `"${email}" is not a valid email address.`);
  }
  await db
    .insert(customers)
    .values(wanted.map((email) => ({ workspaceId, email, name: nameFromEmail(email) })))
    .onConflictDoNothing({ target: [customers.workspaceId, customers.email] });
  return db
    .select({ id: customers.id, name: customers.name, email: customers.email })
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), inArray(customers.email, wanted)));
}

/**
 * Customers of the workspace matching part of a name or email, for the `@` search: those whose
 * name or address starts with the query first (see matchRank), then by name.
 */
export async function searchCustomers(
  db: Db,
  input: { workspaceId: string; query: string; limit: number },
): Promise<{ id: string; name: string; email: string }[]> {
  return (await rankedCustomers(db, input)).map(withoutRank);
}

/**
 * searchCustomers with each one's rank, so that searchPeople can merge them with teammates. Only
 * customers with a confirmed address: a visitor is written to in their own conversations only,
 * since nothing would reach them anywhere else.
 */
export async function rankedCustomers(
  db: Db,
  { workspaceId, query, limit }: { workspaceId: string; query: string; limit: number },
) {
  const rank = matchRank(query, { name: customers.name, email: customers.email });
  return db
    .select({ id: customers.id, name: customers.name, email: sql<string>`${customers.email}`, rank })
    .from(customers)
    .where(
      and(
        eq(customers.workspaceId, workspaceId),
        isNotNull(customers.email),
        customerMatches(likePattern(query)),
      ),
    )
    .orderBy(rank, asc(customers.name))
    .limit(limit);
}

/** A customer whose name or email matches an `ilike` pattern (see likePattern). */
export const customerMatches = (pattern: string) =>
  sql`(${customers.name} ilike ${pattern} or ${customers.email} ilike ${pattern})`;

/** A customer id that names no customer of the actor's workspace (or none at all). */
export const customerNotFound = () =>
  new DomainError("customer_not_found", "There is no such customer in this workspace.");

const unknownCustomer = () =>
  new DomainError("unknown_customer", "One of the customers you chose is not a customer of this workspace.");
