import { and, asc, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attachments } from "@/db/schema";
import type { AttachmentStorage } from "./storage";

/** An upload nobody sent within a day is abandoned (a closed tab, a removed chip, a failed send). */
export const ORPHAN_AFTER_MS = 86_400_000;
const BATCH = 200;

/**
 * Deletes uploads never attached to a message after a day, and at once the files of deleted
 * messages (removeAttachmentsOf). The row goes first, and only while still unattached, so a send
 * that claims it at this very moment keeps both; then the bytes. Says how many went.
 */
export async function pruneOrphanAttachments(
  db: Db,
  { storage, now = new Date() }: { storage: () => AttachmentStorage; now?: Date },
): Promise<number> {
  const orphans = await db
    .select({ id: attachments.id, storageKey: attachments.storageKey })
    .from(attachments)
    .where(
      and(
        isNull(attachments.messageId),
        or(
          isNotNull(attachments.removedAt),
          lt(attachments.createdAt, new Date(now.getTime() - ORPHAN_AFTER_MS)),
        ),
      ),
    )
    .orderBy(asc(attachments.createdAt))
    .limit(BATCH);
  let pruned = 0;
  for (const orphan of orphans) {
    const gone = await db
      .delete(attachments)
      .where(and(eq(attachments.id, orphan.id), isNull(attachments.messageId)))
      .returning({ id: attachments.id });
    if (gone.length === 0) continue;
    await storage().remove(orphan.storageKey);
    pruned++;
  }
  return pruned;
}
