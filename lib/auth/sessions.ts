import { and, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { authSessions } from "@/db/schema";
import { getRealtimeDriver } from "@/lib/realtime/publish";
import { isUuid } from "@/lib/uuid";

type Person = { userId: string } | { customerId: string };

/** Records a sign-in; its id goes in the session cookie, and every request checks it is still live. */
export async function startSession(
  db: Db,
  {
    workspaceId,
    person,
    seconds,
    viaIdentity = false,
    now = new Date(),
  }: {
    workspaceId: string;
    person: Person;
    seconds: number;
    /** Made from a site's signed identity (lib/chat/identity.ts): rotating the secret ends it. */
    viaIdentity?: boolean;
    now?: Date;
  },
): Promise<string> {
  const [row] = await db
    .insert(authSessions)
    .values({
      workspaceId,
      ...person,
      viaIdentity,
      createdAt: now,
      expiresAt: new Date(now.getTime() + seconds * 1000),
    })
    .returning({ id: authSessions.id });
  if (!row) throw new Error("insert returned no session");
  return row.id;
}

/** SQL for "this session row is live": not ended, not expired. Joined by every session lookup. */
export function liveSession(sessionId: string, now = new Date()) {
  return and(eq(authSessions.id, sessionId), notEnded(now));
}

const notEnded = (now: Date) => and(isNull(authSessions.endedAt), gt(authSessions.expiresAt, now));

/** Whether every one of these sessions is still live (a stream re-checks once it listens for their end). */
export async function allSessionsLive(db: Db, sessionIds: string[], now = new Date()) {
  if (sessionIds.length === 0) return true;
  const live = await db
    .select({ id: authSessions.id })
    .from(authSessions)
    .where(and(inArray(authSessions.id, sessionIds), notEnded(now)));
  return live.length === new Set(sessionIds).size;
}

/** Whether a session id may be looked up at all (a forged cookie may hold anything). */
export const isSessionId = (value: unknown): value is string => typeof value === "string" && isUuid(value);

/** Signing out: this session ends on the server, so a copy of its cookie opens nothing any more. */
export async function endSession(db: Db, sessionId: string, now = new Date()) {
  if (!isSessionId(sessionId)) return;
  const ended = await db
    .update(authSessions)
    .set({ endedAt: now })
    .where(and(eq(authSessions.id, sessionId), isNull(authSessions.endedAt)))
    .returning({ id: authSessions.id });
  await closeLiveConnections(ended.map((row) => row.id));
}

/**
 * Every live session of a person ends: "sign out everywhere", a deactivated member, a revoked
 * customer. `db` may be the caller's transaction; it returns the ended ids, whose open streams the
 * caller closes with closeLiveConnections once that transaction has committed.
 */
export async function endEverySession(db: Db, person: Person, now = new Date()) {
  const ended = await db
    .update(authSessions)
    .set({ endedAt: now })
    .where(
      and(
        "userId" in person
          ? eq(authSessions.userId, person.userId)
          : eq(authSessions.customerId, person.customerId),
        isNull(authSessions.endedAt),
      ),
    )
    .returning({ id: authSessions.id });
  return ended.map((row) => row.id);
}

/** "Sign out everywhere": every session of the person ends, and their open streams close. */
export async function signOutEverywhere(db: Db, person: Person, now = new Date()) {
  await closeLiveConnections(await endEverySession(db, person, now));
}

/**
 * Closes every open realtime connection of these sessions (after the change is committed). Never
 * throws: the sessions have ended whatever happens here, and every request checks that.
 */
export async function closeLiveConnections(sessionIds: string[]) {
  if (sessionIds.length === 0) return;
  try {
    await (await getRealtimeDriver()).endSessions(sessionIds);
  } catch (error) {
    console.error("Closing the live connections of ended sessions failed.", error);
  }
}

/** Ended or expired rows are no use after a while; the sweep drops them. */
export async function pruneSessions(db: Db, now = new Date()) {
  await db
    .delete(authSessions)
    .where(
      sql`coalesce(${authSessions.endedAt}, ${authSessions.expiresAt}) < ${new Date(now.getTime() - 7 * 86_400_000)}`,
    );
}
