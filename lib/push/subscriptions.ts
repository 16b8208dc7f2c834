import { ECDH } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { pushSubscriptions } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { getEnv } from "@/lib/env";
import { isUuid } from "@/lib/uuid";
import { isPushService } from "./push-services";

/** A point on P-256, as a browser's p256dh is: any other key makes every push to it fail. */
const isP256Point = (key: string) => {
  try {
    ECDH.convertKey(Buffer.from(key, "base64url"), "prime256v1");
    return true;
  } catch {
    return false;
  }
};

const keyOf = (bytes: number, what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `The browser sent an invalid ${what}.`)
    .refine((key) => Buffer.from(key, "base64url").length === bytes, `The browser sent an invalid ${what}.`);

/**
 * What a browser's PushManager.subscribe() answers (its toJSON()), as the settings page sends it.
 * The endpoint is the browser's push service: always https, and one of the known push services
 * (lib/push/push-services.ts); anything else could make the server call an address of the
 * sender's choosing.
 */
export const pushSubscriptionInput = z.object({
  endpoint: z
    .url({ protocol: /^https$/, error: "The browser sent an invalid push address." })
    .max(2_000, "The browser sent an invalid push address.")
    .refine(
      (endpoint) => isPushService(endpoint, getEnv().PUSH_SERVICE_HOSTS ?? []),
      "This browser's push service is not one this server sends to.",
    ),
  keys: z.object({
    p256dh: keyOf(65, "encryption key").refine(isP256Point, "The browser sent an invalid encryption key."),
    auth: keyOf(16, "authentication secret"),
  }),
});
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionInput>;

/** A device as the person's list shows it; the endpoint tells the browser which one it is. */
export type PushDevice = { id: string; device: string; endpoint: string; createdAt: Date };

const deviceColumns = {
  id: pushSubscriptions.id,
  device: pushSubscriptions.device,
  endpoint: pushSubscriptions.endpoint,
  createdAt: pushSubscriptions.createdAt,
};

/** Each person's devices at most; a new one beyond that replaces their oldest. */
export const MAX_DEVICES = 10;

/**
 * Saves this browser's subscription for the actor. A browser has one endpoint however many people
 * sign in to it: saving it again moves it to whoever is signed in now, so that the one before is
 * not sent this person's notifications (or they theirs). Moving it takes its authentication
 * secret, which only that browser holds: knowing someone's endpoint is not enough to take it.
 */
export async function savePushSubscription(
  db: Db,
  { actor, subscription, device }: { actor: TeamActor; subscription: PushSubscriptionInput; device: string },
): Promise<PushDevice> {
  const parsed = pushSubscriptionInput.safeParse(subscription);
  if (!parsed.success)
    throw new DomainError("invalid_input", parsed.error.issues[0]?.message ?? "Invalid subscription.");
  const { endpoint, keys } = parsed.data;
  const values = {
    workspaceId: actor.workspaceId,
    userId: actor.userId,
    p256dh: keys.p256dh,
    device: deviceName(device),
  };
  return db.transaction(async (tx) => {
    const [saved] = await tx
      .insert(pushSubscriptions)
      .values({ ...values, auth: keys.auth, endpoint })
      .onConflictDoUpdate({
        target: pushSubscriptions.endpoint,
        set: { ...values, createdAt: sql`now()` },
        setWhere: sql`${pushSubscriptions.auth} = excluded.auth`,
      })
      .returning(deviceColumns);
    if (!saved)
      throw new DomainError(
        "invalid_input",
        "This browser's subscription belongs to another sign-in. Turn push off and on again here.",
      );
    await tx.execute(sql`
      delete from ${pushSubscriptions} where ${pushSubscriptions.userId} = ${actor.userId}
        and ${pushSubscriptions.id} not in (
          select ${pushSubscriptions.id} from ${pushSubscriptions} where ${pushSubscriptions.userId} = ${actor.userId}
          order by ${pushSubscriptions.createdAt} desc, ${pushSubscriptions.id} desc limit ${MAX_DEVICES})`);
    return saved;
  });
}

/** The actor's devices, oldest first. */
export function listPushDevices(db: Db, { actor }: { actor: TeamActor }): Promise<PushDevice[]> {
  return db
    .select(deviceColumns)
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.userId, actor.userId))
    .orderBy(asc(pushSubscriptions.createdAt), asc(pushSubscriptions.id));
}

/** Removes one of the actor's own devices; anyone else's is, to them, no device at all. */
export async function removePushDevice(db: Db, { actor, id }: { actor: TeamActor; id: string }) {
  const removed = isUuid(id)
    ? await db
        .delete(pushSubscriptions)
        .where(and(eq(pushSubscriptions.id, id), eq(pushSubscriptions.userId, actor.userId)))
        .returning({ id: pushSubscriptions.id })
    : [];
  if (removed.length === 0) throw new DomainError("device_not_found", "That device is not in your list.");
}

/** Signed out everywhere: none of the member's browsers is sent anything more. */
export async function removeAllPushDevices(db: Db, { userId }: { userId: string }) {
  await db.delete(pushSubscriptions).where(eq(pushSubscriptions.userId, userId));
}

/** Removes the member's devices whose push service said the subscription is gone (404, 410). */
export async function removeGoneDevices(
  db: Db,
  { userId, endpoints }: { userId: string; endpoints: string[] },
) {
  if (endpoints.length === 0) return;
  await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.userId, userId), inArray(pushSubscriptions.endpoint, endpoints)));
}

/**
 * This browser turned push off: its subscription goes, if it is the actor's. Quietly nothing when
 * it is not in their list (already removed from another device).
 */
export async function forgetPushEndpoint(
  db: Db,
  { actor, endpoint }: { actor: TeamActor; endpoint: string },
) {
  await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.endpoint, endpoint), eq(pushSubscriptions.userId, actor.userId)));
}

/** "Chrome on Android", from a user agent: enough to tell one's devices apart, nothing more kept. */
export function deviceName(userAgent: string): string {
  const browser =
    [
      [/Edg\//, "Edge"],
      [/OPR\//, "Opera"],
      [/Firefox\//, "Firefox"],
      [/Chrome\//, "Chrome"],
      [/Safari\//, "Safari"],
    ].find(([pattern]) => (pattern as RegExp).test(userAgent))?.[1] ?? "A browser";
  const system =
    [
      [/Android/, "Android"],
      [/iPhone|iPad/, "iOS"],
      [/Mac OS X/, "macOS"],
      [/Windows/, "Windows"],
      [/CrOS/, "ChromeOS"],
      [/Linux/, "Linux"],
    ].find(([pattern]) => (pattern as RegExp).test(userAgent))?.[1] ?? null;
  return system ? `${browser} on ${system}` : (browser as string);
}
