import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attachments } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { isUuid } from "@/lib/uuid";
import { byUploader } from "./uploader";

/** Files one message may carry. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 10;

/**
 * Attaches uploads to the message being posted, in its transaction (lib/conversations/post-message.ts):
 * only the poster's own, completed, not yet attached uploads of this same thread. Anything else
 * (someone else's, another thread's, one already sent, one still uploading) fails the whole post,
 * so the message is never stored without the files it was sent with. Returns the files' names.
 */
export async function claimAttachments(
  tx: Db,
  input: { attachmentIds: string[]; messageId: string; conversationId: string; actor: Actor },
): Promise<string[]> {
  const ids = [...new Set(input.attachmentIds)];
  if (ids.length === 0) return [];
  if (ids.length > MAX_ATTACHMENTS_PER_MESSAGE)
    throw new DomainError(
      "too_many_attachments",
      `A message can carry at most ${MAX_ATTACHMENTS_PER_MESSAGE} files.`,
    );
  if (!ids.every(isUuid)) throw attachmentUnavailable();
  const claimed = await tx
    .update(attachments)
    .set({ messageId: input.messageId })
    .where(
      and(
        inArray(attachments.id, ids),
        eq(attachments.conversationId, input.conversationId),
        byUploader(input.actor),
        isNotNull(attachments.completedAt),
        isNull(attachments.messageId),
        isNull(attachments.removedAt),
      ),
    )
    .returning({ fileName: attachments.fileName });
  if (claimed.length !== ids.length) throw attachmentUnavailable();
  return claimed.map((file) => file.fileName);
}

/**
 * For deleting a message: its files stop being served at once (in the caller's transaction), and
 * the periodic cleanup (lib/attachments/orphans.ts) deletes their bytes and rows on its next run.
 * Storage is never touched inside a transaction that might still roll back.
 */
export async function removeAttachmentsOf(
  tx: Db,
  { messageId, now = new Date() }: { messageId: string; now?: Date },
) {
  await tx
    .update(attachments)
    .set({ messageId: null, removedAt: now })
    .where(eq(attachments.messageId, messageId));
}

const attachmentUnavailable = () =>
  new DomainError(
    "attachment_unavailable",
    "A file of this message is no longer available to send. Remove it and attach it again.",
  );
