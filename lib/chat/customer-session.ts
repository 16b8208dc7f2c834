import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { authSessions, customers } from "@/db/schema";
import { type CustomerActor, customerActorOf } from "@/lib/auth/actor";
import { isSessionId, liveSession, startSession } from "@/lib/auth/sessions";
import { isUuid } from "@/lib/uuid";
import { signToken, verifyToken } from "./signed-token";

const DAY_S = 24 * 60 * 60;
/** A session from an emailed sign-in link lasts 30 days; one from a conversation email's link, 7. */
export const SESSION_SECONDS = 30 * DAY_S;
export const LINK_SESSION_SECONDS = 7 * DAY_S;

/** c: customer, w: workspace, s: the auth_sessions row, only: the one conversation a link opened. */
export type SessionPayload = { c: string; w: string; s: string; only?: string };

export type ChatSession = { customerId: string; workspaceId: string; onlyConversationId?: string };

/**
 * Starts a customer's session: a row in auth_sessions (so signing out, "sign out everywhere" and
 * revoking end it on the server) and the signed value of the cookie that names it.
 */
export async function startCustomerSession(
  db: Db,
  session: ChatSession & { viaIdentity?: boolean },
  secret: string,
  now = new Date(),
) {
  const seconds = session.onlyConversationId ? LINK_SESSION_SECONDS : SESSION_SECONDS;
  const sessionId = await startSession(db, {
    workspaceId: session.workspaceId,
    person: { customerId: session.customerId },
    seconds,
    viaIdentity: session.viaIdentity,
    now,
  });
  return { token: chatSessionToken({ ...session, sessionId }, secret, now), seconds, sessionId };
}

/** The value of a customer's session cookie. */
export function chatSessionToken(
  session: ChatSession & { sessionId: string },
  secret: string,
  now = new Date(),
) {
  const seconds = session.onlyConversationId ? LINK_SESSION_SECONDS : SESSION_SECONDS;
  return signToken<SessionPayload>(
    "chat-session",
    {
      c: session.customerId,
      w: session.workspaceId,
      s: session.sessionId,
      ...(session.onlyConversationId && { only: session.onlyConversationId }),
      exp: Math.floor(now.getTime() / 1000) + seconds,
    },
    secret,
  );
}

/** What a session cookie says, if its signature holds and it has not expired; not checked against the database. */
export const readChatSessionToken = (token: string | undefined, secret: string, now?: Date) =>
  token ? verifyToken<SessionPayload>("chat-session", token, secret, now) : null;

/**
 * The customer a session cookie names, checked against the database: null if the cookie is invalid
 * or expired, its session ended, or the customer is gone or revoked.
 */
export async function customerFromSession(
  db: Db,
  {
    token,
    workspaceId,
    secret,
    now = new Date(),
  }: { token: string | undefined; workspaceId: string; secret: string; now?: Date },
): Promise<CustomerActor | null> {
  const payload = readChatSessionToken(token, secret, now);
  if (!payload || payload.w !== workspaceId || !isUuid(payload.c) || !isSessionId(payload.s)) return null;
  const [customer] = await db
    .select({
      id: customers.id,
      name: customers.name,
      email: customers.email,
      viaIdentity: authSessions.viaIdentity,
    })
    .from(customers)
    .innerJoin(authSessions, and(liveSession(payload.s, now), eq(authSessions.customerId, customers.id)))
    .where(
      and(eq(customers.id, payload.c), eq(customers.workspaceId, workspaceId), isNull(customers.revokedAt)),
    );
  if (!customer) return null;
  return customerActorOf(
    { ...customer, workspaceId },
    {
      sessionId: payload.s,
      ...(payload.only && { onlyConversationId: payload.only }),
      ...(customer.viaIdentity && { viaIdentity: true }),
    },
  );
}

/** A customer of this workspace whom a link may sign in: existing and not revoked. Null otherwise. */
export async function findSignableCustomer(
  db: Db,
  { customerId, workspaceId }: { customerId: string; workspaceId: string },
) {
  if (!isUuid(customerId)) return null;
  const [customer] = await db
    .select({ customerId: customers.id, name: customers.name, email: customers.email })
    .from(customers)
    .where(
      and(eq(customers.id, customerId), eq(customers.workspaceId, workspaceId), isNull(customers.revokedAt)),
    );
  return customer ?? null;
}
