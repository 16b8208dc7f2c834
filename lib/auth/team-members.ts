import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { authSessions, users, workspaces } from "@/db/schema";
import { isUuid } from "@/lib/uuid";
import { type TeamActor, teamActorOf } from "./actor";
import { hashForUnknownUser, verifyPassword } from "./password";
import { isSessionId, liveSession } from "./sessions";

const activeUser = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  workspaceId: users.workspaceId,
  customerFacing: users.customerFacing,
};

/** An active team member by email (emails are stored lower-cased). */
export async function findActiveUserByEmail(db: Db, email: string) {
  const [user] = await db
    .select({ ...activeUser, passwordHash: users.passwordHash, workspaceName: workspaces.name })
    .from(users)
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(and(eq(users.email, email.trim().toLowerCase()), isNull(users.deactivatedAt)));
  return user;
}

/**
 * The user for this email and password, or null. A wrong email and a wrong password take the same
 * path through scrypt, so neither the answer nor its timing tells which was wrong.
 */
export async function verifyCredentials(db: Db, { email, password }: { email: string; password: string }) {
  const user = await findActiveUserByEmail(db, email);
  const valid = await verifyPassword(password, user?.passwordHash ?? (await hashForUnknownUser()));
  if (!user?.passwordHash || !valid) return null;
  return { id: user.id, name: user.name, email: user.email, workspaceId: user.workspaceId };
}

/**
 * The actor for a signed-in session, or null if the session ended or expired, or the account is
 * gone or deactivated. Every page, action and stream builds its actor here, once per request.
 */
export async function loadTeamActor(
  db: Db,
  { userId, sessionId, now = new Date() }: { userId: string; sessionId: string; now?: Date },
): Promise<TeamActor | null> {
  if (!isUuid(userId) || !isSessionId(sessionId)) return null;
  const [user] = await db
    .select(activeUser)
    .from(users)
    .innerJoin(authSessions, and(liveSession(sessionId, now), eq(authSessions.userId, users.id)))
    .where(and(eq(users.id, userId), isNull(users.deactivatedAt)));
  return user ? teamActorOf(user, sessionId) : null;
}
