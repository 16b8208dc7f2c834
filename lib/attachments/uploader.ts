import { eq, type SQL } from "drizzle-orm";
import { attachments } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";

/**
 * Whose upload it is: the only person who may send its bytes, complete it, and attach it. Apart
 * from the uploads module (which is server-only), because posting uses it too, and posting runs
 * in plain Node as well (the seed, the scripts).
 */
export const uploaderOf = (actor: Actor) =>
  actor.kind === "user" ? { uploaderUserId: actor.userId } : { uploaderCustomerId: actor.customerId };

export const byUploader = (actor: Actor): SQL =>
  actor.kind === "user"
    ? eq(attachments.uploaderUserId, actor.userId)
    : eq(attachments.uploaderCustomerId, actor.customerId);
