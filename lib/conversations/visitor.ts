import { sql } from "drizzle-orm";
import { customers } from "@/db/schema";

/**
 * A visitor, as the team's lists and threads mark one: a customer (joined in, or null) with no
 * confirmed address, whom no site vouches for either (a customer signed in by a site's identity
 * is someone the site knows, though not yet emailed either).
 */
export const isVisitor = sql<boolean>`(${customers.id} is not null and ${customers.email} is null
  and ${customers.externalId} is null)`;
