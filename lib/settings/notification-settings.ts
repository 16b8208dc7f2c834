import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";

/** A person's own notification settings. Both default to on; only the person may change them. */
export const notificationSettingsInput = z.object({ email: z.boolean(), bubble: z.boolean() });
export type NotificationSettings = z.output<typeof notificationSettingsInput>;

export async function getNotificationSettings(db: Db, { actor }: { actor: TeamActor }) {
  const [row] = await db
    .select({ email: users.notifyEmail, bubble: users.notifyBubble })
    .from(users)
    .where(eq(users.id, actor.userId));
  return row ?? { email: true, bubble: true };
}

export async function updateNotificationSettings(
  db: Db,
  { actor, settings }: { actor: TeamActor; settings: NotificationSettings },
) {
  await db
    .update(users)
    .set({ notifyEmail: settings.email, notifyBubble: settings.bubble })
    .where(eq(users.id, actor.userId));
  return settings;
}
