import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { customers } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/permissions";
import { closeLiveConnections, endEverySession } from "@/lib/auth/sessions";
import { DomainError, isUniqueViolation } from "@/lib/domain-error";
import { plainTextInput } from "@/lib/plain-text";
import { isUuid } from "@/lib/uuid";
import { customerEmail, customerNotFound } from "./customers";

/** What an admin types for a customer: a name (plain text, as shown to the team and in emails) and an address. */
export const customerFields = z.object({
  name: plainTextInput({ label: "a name", max: 80 }),
  email: customerEmail,
});
export type CustomerFields = z.output<typeof customerFields>;

export type CustomerRecord = { id: string; name: string; email: string | null };

/** An admin adds a customer to their workspace, before any conversation with them. */
export async function addCustomer(
  db: Db,
  { actor, fields }: { actor: TeamActor; fields: CustomerFields },
): Promise<CustomerRecord> {
  requireAdmin(actor, "Only admins can add customers.");
  const [added] = await guardAddress(
    db
      .insert(customers)
      .values({ workspaceId: actor.workspaceId, ...fields })
      .returning({ id: customers.id, name: customers.name, email: customers.email }),
  );
  if (!added) throw new Error("insert returned no customer");
  return added;
}

/**
 * An admin changes a customer's name or address. The address is how the customer signs in to the
 * chat and where their emails go, so the next link and email use the new one. Giving a visitor an
 * address ends their sessions: whoever holds the browser they wrote from has not shown it is theirs,
 * and would otherwise see all that comes to it; its owner signs in by it.
 */
export async function updateCustomer(
  db: Db,
  { actor, customerId, fields }: { actor: TeamActor; customerId: string; fields: CustomerFields },
): Promise<CustomerRecord> {
  requireAdmin(actor, "Only admins can edit customers.");
  if (!isUuid(customerId)) throw customerNotFound();
  const { updated, endedSessions } = await guardAddress(
    db.transaction(async (tx) => {
      const ours = and(eq(customers.id, customerId), eq(customers.workspaceId, actor.workspaceId));
      const [before] = await tx.select({ email: customers.email }).from(customers).where(ours).for("update");
      if (!before) throw customerNotFound();
      const [updated] = await tx
        .update(customers)
        .set({ ...fields, pendingEmail: null })
        .where(ours)
        .returning({ id: customers.id, name: customers.name, email: customers.email });
      const endedSessions = before.email === null ? await endEverySession(tx, { customerId }) : [];
      return { updated: updated as CustomerRecord, endedSessions };
    }),
  );
  await closeLiveConnections(endedSessions);
  return updated;
}

/** An address is one customer's in a workspace: a second one is the same person, to merge. */
async function guardAddress<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError(
        "email_taken",
        "Another customer already has this email address. To make them one, merge the two.",
      );
    throw error;
  }
}
