// Not marked server-only: the email sweep lists files too, and it also runs in plain Node (scripts).
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attachments, messages } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { orNull, requireCustomerAccess, requireTeamAccess } from "@/lib/conversations/access";
import { customerMaySee } from "@/lib/conversations/customer-visibility";
import { groupBy } from "@/lib/group-by";
import { isUuid } from "@/lib/uuid";
import { type AttachmentSummary, isInlineImage } from "./file-kinds";

/**
 * The files of these messages, by message, in the order they were uploaded. Callers pass only
 * messages their reader may see (a customer's reads pass only public ones), so a file is never
 * listed where its message is not.
 */
export async function attachmentsOfMessages(
  db: Db,
  messageIds: string[],
): Promise<Map<string, AttachmentSummary[]>> {
  if (messageIds.length === 0) return new Map();
  const rows = await db
    .select({
      id: attachments.id,
      messageId: attachments.messageId,
      name: attachments.fileName,
      size: attachments.size,
      contentType: attachments.contentType,
    })
    .from(attachments)
    .where(and(inArray(attachments.messageId, messageIds), isNull(attachments.removedAt)))
    .orderBy(asc(attachments.createdAt), asc(attachments.id));
  return groupBy(
    rows,
    (row) => row.messageId as string,
    (row): AttachmentSummary => {
      const contentType = row.contentType ?? "application/octet-stream";
      return { id: row.id, name: row.name, size: row.size, contentType, isImage: isInlineImage(contentType) };
    },
  );
}

/**
 * The file, if one of the people behind this request may see its message: a team member by the
 * team's rule for its thread, a customer by the customer's rule (never an internal message's).
 * Null for anything else, unknown or forbidden alike, so that nobody learns a file exists.
 */
export async function findDownload(
  db: Db,
  { actors, attachmentId }: { actors: Actor[]; attachmentId: string },
) {
  if (!isUuid(attachmentId) || actors.length === 0) return null;
  const [row] = await db
    .select({ attachment: attachments, visibility: messages.visibility })
    .from(attachments)
    .innerJoin(messages, eq(messages.id, attachments.messageId))
    .where(and(eq(attachments.id, attachmentId), isNull(attachments.removedAt)));
  if (!row?.attachment.contentType) return null;
  for (const actor of actors) {
    if (actor.workspaceId !== row.attachment.workspaceId) continue;
    const access =
      actor.kind === "user"
        ? await orNull(requireTeamAccess(db, actor, row.attachment.conversationId))
        : customerMaySee(row)
          ? await orNull(requireCustomerAccess(db, actor, row.attachment.conversationId))
          : null;
    if (access) return { ...row.attachment, contentType: row.attachment.contentType };
  }
  return null;
}
