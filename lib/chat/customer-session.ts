import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers } from "@/db/schema";
import type { CustomerActor } from "@/lib/auth/actor";
import { isUuid } from "@/lib/uuid";
import { signToken, verifyToken } from "./signed-token";

const DAY_S = 24 * 60 * 60;
/** A session from an emailed sign-in link lasts 30 days; one from a conversation email's link, 7. */
export const SESSION_SECONDS = 30 * DAY_S;
export const LINK_SESSION_SECONDS = 7 * DAY_S;

type SessionPayload = { c: string; w: string; only?: string };

/** The value of a customer's session cookie. */
export function chatSessionToken(
  session: { customerId: string; workspaceId: string; onlyConversationId?: string },
  secret: string,
  now = new Date(),
) {
  const seconds = session.onlyConversationId ? LINK_SESSION_SECONDS : SESSION_SECONDS;
  return signToken<SessionPayload>(
    "chat-session",
    {
      c: session.customerId,
      w: session.workspaceId,
      ...(session.onlyConversationId && { only: session.onlyConversationId }),
      exp: Math.floor(now.getTime() / 1000) + seconds,
    },
    secret,
  );
}

/** The customer a session cookie names, checked against the database; null if invalid, expired or gone. */
export async function customerFromSession(
  db: Db,
  {
    token,
    workspaceId,
    secret,
    now,
  }: { token: string | undefined; workspaceId: string; secret: string; now?: Date },
): Promise<CustomerActor | null> {
  const payload = token ? verifyToken<SessionPayload>("chat-session", token, secret, now) : null;
  if (!payload || payload.w !== workspaceId) return null;
  return loadCustomerActor(db, { customerId: payload.c, workspaceId, onlyConversationId: payload.only });
}

/** The actor for a customer of this workspace, or null if there is no such customer (any more). */
export async function loadCustomerActor(
  db: Db,
  {
    customerId,
    workspaceId,
    onlyConversationId,
  }: { customerId: string; workspaceId: string; onlyConversationId?: string },
): Promise<CustomerActor | null> {
  if (!isUuid(customerId)) return null;
  const [customer] = await db
    .select({ id: customers.id, name: customers.name, email: customers.email })
    .from(customers)
    .where(and(eq(customers.id, customerId), eq(customers.workspaceId, workspaceId)));
  if (!customer) return null;
  return {
    kind: "customer",
    customerId: customer.id,
    workspaceId,
    name: customer.name,
    email: customer.email,
    ...(onlyConversationId && { onlyConversationId }),
  };
}
