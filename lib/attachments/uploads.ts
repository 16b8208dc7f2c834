import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNull, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { attachments } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { signToken, verifyToken } from "@/lib/chat/signed-token";
import { requireNotBlocked, requireViewAccess } from "@/lib/conversations/access";
import { DomainError } from "@/lib/domain-error";
import { plainText } from "@/lib/plain-text";
import { hitRateLimit, type RateLimit, rateSubjectOf } from "@/lib/rate-limit";
import { isUuid } from "@/lib/uuid";
import { requireHarmlessName, SNIFF_BYTES, sniffContentType } from "./content-check";
import { type AttachmentSummary, formatFileSize, isInlineImage } from "./file-kinds";
import { type AttachmentStorage, FileTooLarge } from "./storage";
import { byUploader, uploaderOf } from "./uploader";

/** Our own upload route's token lives as long as a presigned upload URL would. */
const UPLOAD_TOKEN_SECONDS = 15 * 60;

/**
 * A file's name as shown and offered for saving: plain text (no control, bidirectional or hidden
 * characters, so "gpj.exe" cannot pose as "exe.jpg"), no folders, at most 255 characters (what
 * file systems allow). Never used to find the bytes.
 */
export const fileNameInput = z
  .string()
  .transform((name) => plainText(name.replace(/[/\\]/g, "_")))
  .pipe(z.string().min(1, "The file needs a name.").max(255, "The file's name is too long."));

const tooLarge = (fileName: string, maxBytes: number) =>
  new DomainError(
    "file_too_large",
    `${fileName} is larger than ${formatFileSize(maxBytes)}, the most a file can be.`,
  );

/**
 * Files one person may start uploading in ten minutes. A run of messages with ten screenshots
 * each stays under it; a script filling the store is stopped early.
 */
export const UPLOADS_PER_TEN_MINUTES: RateLimit = {
  name: "uploads",
  max: 100,
  windowSeconds: 600,
  message: "You are uploading files faster than anyone can look at them.",
};

/**
 * Step 1 of attaching a file: for someone who may write in the thread, a row for the upload and
 * where to send its bytes (a presigned URL, or our own route with a short-lived token). A name
 * that would run when opened, or a size over the limit, is refused before any byte moves.
 */
export async function createUpload(
  db: Db,
  input: {
    actor: Actor;
    conversationId: string;
    fileName: string;
    size: number;
    storage: AttachmentStorage;
    maxBytes: number;
    secret: string;
    now?: Date;
  },
): Promise<{ attachmentId: string; uploadUrl: string }> {
  const { actor, fileName, storage } = input;
  const { conversation } = await requireViewAccess(db, actor, input.conversationId);
  // A blocked customer may read, not write: a file is writing too, and it fills the store.
  if (actor.kind === "customer") await requireNotBlocked(db, actor);
  requireHarmlessName(fileName);
  if (input.size > input.maxBytes) throw tooLarge(fileName, input.maxBytes);
  await hitRateLimit(db, UPLOADS_PER_TEN_MINUTES, rateSubjectOf(actor), input.now);
  const id = randomUUID();
  const storageKey = `${conversation.workspaceId}/${id}`;
  await db.insert(attachments).values({
    id,
    workspaceId: conversation.workspaceId,
    conversationId: conversation.id,
    ...uploaderOf(actor),
    storageKey,
    fileName,
    size: input.size,
    createdAt: input.now,
  });
  const now = input.now ?? new Date();
  const token = signToken(
    "attachment-upload",
    { a: id, exp: Math.floor(now.getTime() / 1000) + UPLOAD_TOKEN_SECONDS },
    input.secret,
  );
  const uploadUrl =
    (await storage.presignedUpload(storageKey)) ?? `/api/attachments/uploads/${id}?token=${token}`;
  return { attachmentId: id, uploadUrl };
}

/**
 * Our own upload route's work (the storage has no presigned URLs): the token must name this
 * upload, and the person sending must be its uploader (either of the browser's sessions).
 * Unknown, someone else's or already completed: not found, the same answer for each.
 */
export async function receiveUpload(
  db: Db,
  input: {
    actors: Actor[];
    attachmentId: string;
    token: string;
    body: ReadableStream<Uint8Array>;
    storage: AttachmentStorage;
    maxBytes: number;
    secret: string;
    now?: Date;
  },
): Promise<void> {
  const { attachmentId, storage } = input;
  if (!isUuid(attachmentId)) throw attachmentNotFound();
  const granted = verifyToken<{ a: string }>("attachment-upload", input.token, input.secret, input.now);
  if (granted?.a !== attachmentId || !storage.write || input.actors.length === 0) throw attachmentNotFound();
  const [upload] = await db
    .select()
    .from(attachments)
    .where(
      and(
        eq(attachments.id, attachmentId),
        isNull(attachments.completedAt),
        isNull(attachments.removedAt),
        // A browser may hold a team and a chat session at once: either may be the uploader's.
        or(...input.actors.map(byUploader)),
      ),
    );
  if (!upload) throw attachmentNotFound();
  try {
    await storage.write(upload.storageKey, input.body, input.maxBytes);
  } catch (error) {
    if (error instanceof FileTooLarge) throw tooLarge(upload.fileName, input.maxBytes);
    throw error;
  }
}

/**
 * Step 3: the bytes are there. Its type is taken from its first bytes; a program or a script is
 * refused, and a file over the limit too, and either is deleted, object and row. What remains is
 * ready to be sent with a message (lib/attachments/claim.ts).
 */
export async function completeUpload(
  db: Db,
  input: { actor: Actor; attachmentId: string; storage: AttachmentStorage; maxBytes: number; now?: Date },
): Promise<AttachmentSummary> {
  const { actor, attachmentId, storage } = input;
  if (!isUuid(attachmentId)) throw attachmentNotFound();
  const [upload] = await db
    .select()
    .from(attachments)
    .where(
      and(
        eq(attachments.id, attachmentId),
        eq(attachments.workspaceId, actor.workspaceId),
        byUploader(actor),
        isNull(attachments.messageId),
        isNull(attachments.removedAt),
      ),
    );
  if (!upload) throw attachmentNotFound();
  const stored = await storage.head(upload.storageKey, SNIFF_BYTES);
  if (!stored)
    throw new DomainError("upload_incomplete", `${upload.fileName} did not finish uploading. Try again.`);
  const discard = async () => {
    await storage.remove(upload.storageKey);
    await db.delete(attachments).where(eq(attachments.id, upload.id));
  };
  let contentType: string;
  try {
    if (stored.size > input.maxBytes) throw tooLarge(upload.fileName, input.maxBytes);
    contentType = await sniffContentType(stored.head, upload.fileName);
  } catch (error) {
    await discard();
    throw error;
  }
  await db
    .update(attachments)
    .set({ contentType, size: stored.size, completedAt: input.now ?? new Date() })
    .where(eq(attachments.id, upload.id));
  return {
    id: upload.id,
    name: upload.fileName,
    size: stored.size,
    contentType,
    isImage: isInlineImage(contentType),
  };
}

export const attachmentNotFound = () =>
  new DomainError("attachment_not_found", "This file does not exist, or you may not see it.");
