import { and, eq, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { presence } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { ONLINE_WINDOW_MS } from "./presence-timing";

/** A team member's open messenger, or a customer's open chat page or widget, is still there. */
export async function recordHeartbeat(db: Db, { actor, now = new Date() }: { actor: Actor; now?: Date }) {
  const insert = db.insert(presence);
  if (actor.kind === "customer") {
    await insert
      .values({ workspaceId: actor.workspaceId, customerId: actor.customerId, lastSeenAt: now })
      .onConflictDoUpdate({ target: presence.customerId, set: { lastSeenAt: now } });
  } else {
    await insert
      .values({ workspaceId: actor.workspaceId, userId: actor.userId, lastSeenAt: now })
      .onConflictDoUpdate({ target: presence.userId, set: { lastSeenAt: now } });
  }
}

export type Person = { userId: string } | { customerId: string };

/** Was this person on a live connection within the last 60 seconds? */
export async function isOnline(db: Db, { person, now = new Date() }: { person: Person; now?: Date }) {
  const since = new Date(now.getTime() - ONLINE_WINDOW_MS);
  const who =
    "userId" in person ? eq(presence.userId, person.userId) : eq(presence.customerId, person.customerId);
  const [row] = await db
    .select({ id: presence.id })
    .from(presence)
    .where(and(who, gt(presence.lastSeenAt, since)));
  return Boolean(row);
}
