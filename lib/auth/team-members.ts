import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, workspaces } from "@/db/schema";
import { isUuid } from "@/lib/uuid";
import type { TeamActor } from "./actor";
import { hashForUnknownUser, verifyPassword } from "./password";

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
  return { id: user.id, name: user.name, email: user.email };
}

/** The actor for a signed-in user id, or null if the account is gone or deactivated. */
export async function loadTeamActor(db: Db, userId: string): Promise<TeamActor | null> {
  if (!isUuid(userId)) return null;
  const [user] = await db
    .select(activeUser)
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deactivatedAt)));
  return user
    ? {
        kind: "user",
        userId: user.id,
        workspaceId: user.workspaceId,
        name: user.name,
        role: user.role,
        customerFacing: user.customerFacing,
      }
    : null;
}
