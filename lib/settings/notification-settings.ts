import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { emailChoice, users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { takeBackUnsentEmails } from "@/lib/notifications/drop-from-unsent-emails";

export const EMAIL_CHOICES = emailChoice.enumValues;
export type EmailChoice = (typeof EMAIL_CHOICES)[number];

/** A person's own notification settings; only the person may change them. Push has email's three levels. */
export const notificationSettingsInput = z.object({
  email: z.enum(EMAIL_CHOICES),
  push: z.enum(EMAIL_CHOICES),
  bubble: z.boolean(),
  sound: z.boolean(),
});
export type NotificationSettings = z.output<typeof notificationSettingsInput>;

/** The longest pause: past that, a person would forget they paused. */
export const MAX_PAUSE_DAYS = 30;

export async function getNotificationSettings(
  db: Db,
  { actor, now = new Date() }: { actor: TeamActor; now?: Date },
) {
  const [row] = await db
    .select({
      email: users.emailChoice,
      push: users.pushChoice,
      bubble: users.notifyBubble,
      sound: users.notifySound,
      pausedUntil: users.notificationsPausedUntil,
      // Shown, not changed, here: only an admin turns it back on (lib/team/member-settings.ts).
      emailOffByAdmin: users.emailOffByAdmin,
    })
    .from(users)
    .where(eq(users.id, actor.userId));
  const settings = row ?? {
    email: "all" as const,
    push: "all" as const,
    bubble: true,
    sound: true,
    pausedUntil: null,
    emailOffByAdmin: false,
  };
  // A pause that has ended is no pause: nothing needs to clear it.
  return {
    ...settings,
    pausedUntil: settings.pausedUntil && settings.pausedUntil > now ? settings.pausedUntil : null,
  };
}

export async function updateNotificationSettings(
  db: Db,
  { actor, settings }: { actor: TeamActor; settings: NotificationSettings },
) {
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        emailChoice: settings.email,
        pushChoice: settings.push,
        notifyBubble: settings.bubble,
        notifySound: settings.sound,
      })
      .where(eq(users.id, actor.userId));
    await takeBackUnsentEmails(tx, { person: { userId: actor.userId } });
  });
  return settings;
}

export const pauseInput = z.object({ until: z.coerce.date({ error: "Choose when the pause ends." }) });

/**
 * Pauses the person's notifications until `until`: no bubble, no sound, and emails that fall due
 * meanwhile wait for its end (lib/notifications/claim-deliveries.ts). The end is a moment, worked
 * out in the person's own time zone by their browser ("tomorrow at 8:00").
 */
export async function pauseNotifications(
  db: Db,
  { actor, until, now = new Date() }: { actor: TeamActor; until: Date; now?: Date },
) {
  if (Number.isNaN(until.getTime()) || until <= now)
    throw new DomainError("invalid_input", "Choose a time in the future for the pause to end.");
  if (until.getTime() - now.getTime() > MAX_PAUSE_DAYS * 24 * 60 * 60 * 1000)
    throw new DomainError("invalid_input", `A pause can last up to ${MAX_PAUSE_DAYS} days.`);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ notificationsPausedUntil: until }).where(eq(users.id, actor.userId));
    // Written before the pause, not sent yet: they wait for its end like the rest.
    await takeBackUnsentEmails(tx, { person: { userId: actor.userId } });
  });
  return { pausedUntil: until };
}

/** Ends a pause now: emails that waited for it go out with the next sweep, unless seen by then. */
export async function resumeNotifications(db: Db, { actor }: { actor: TeamActor }) {
  await db.update(users).set({ notificationsPausedUntil: null }).where(eq(users.id, actor.userId));
  return { pausedUntil: null };
}
