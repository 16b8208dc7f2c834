import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers } from "@/db/schema";
import { DomainError } from "@/lib/domain-error";
import { signToken, verifyToken } from "./signed-token";

const YEAR_S = 365 * 24 * 60 * 60;

/** The unsubscribe link in every customer email: signed, for that customer only, good for a year. */
export function unsubscribeLink(
  { appUrl, workspaceSlug, customerId }: { appUrl: string; workspaceSlug: string; customerId: string },
  secret: string,
  now = new Date(),
) {
  const token = signToken(
    "unsubscribe",
    { c: customerId, exp: Math.floor(now.getTime() / 1000) + YEAR_S },
    secret,
  );
  const url = new URL(`/chat/${workspaceSlug}/unsubscribe`, appUrl);
  url.searchParams.set("t", token);
  return url.toString();
}

/** The customer an unsubscribe link names, with their current choice; null for a bad link. */
export async function findUnsubscribing(
  db: Db,
  { workspaceId, token, secret, now }: { workspaceId: string; token: string; secret: string; now?: Date },
) {
  const customerId = verifyToken<{ c: string }>("unsubscribe", token, secret, now)?.c;
  if (!customerId) return null;
  const [customer] = await db
    .select({ id: customers.id, email: customers.email, notifyEmail: customers.notifyEmail })
    .from(customers)
    .where(and(eq(customers.id, customerId), eq(customers.workspaceId, workspaceId)));
  return customer ?? null;
}

/** Turns a customer's emails off (or back on) from their unsubscribe link. Replies still show on the chat page. */
export async function setCustomerEmails(
  db: Db,
  input: { workspaceId: string; token: string; subscribed: boolean; secret: string; now?: Date },
) {
  const customer = await findUnsubscribing(db, input);
  if (!customer)
    throw new DomainError("unsubscribe_link_invalid", "This unsubscribe link is not valid any more.");
  await db.update(customers).set({ notifyEmail: input.subscribed }).where(eq(customers.id, customer.id));
  return { subscribed: input.subscribed };
}
