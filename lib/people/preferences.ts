import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";

/** The person's own notification settings (only the bubble so far; it defaults to on). */
export async function getNotificationPreferences(db: Db, { actor }: { actor: TeamActor }) {
  const [row] = await db.select({ bubble: users.notifyBubble }).from(users).where(eq(users.id, actor.userId));
  return { bubble: row?.bubble ?? true };
}
