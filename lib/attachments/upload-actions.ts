import "server-only";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { getEnv } from "@/lib/env";
import { MAX_ATTACHMENTS_PER_MESSAGE } from "./claim";
import { attachmentStorage, maxAttachmentBytes } from "./storage";
import { completeUpload, createUpload, fileNameInput } from "./uploads";

/**
 * What both sides' upload actions share (the team's in app/(app)/messenger/actions.ts, the
 * customer's in app/chat/[slug]/actions.ts): their input, and the domain calls with this
 * deployment's storage, size limit and secret.
 */
export const uploadInput = z.object({
  conversationId: z.string().min(1).max(100),
  fileName: fileNameInput,
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

export const completeUploadInput = z.object({ attachmentId: z.string().max(100) });

/** The uploads a message is sent with. */
export const attachmentIdsInput = z.array(z.string().max(100)).max(MAX_ATTACHMENTS_PER_MESSAGE).optional();

export const startUpload = (db: Db, actor: Actor, input: z.output<typeof uploadInput>) =>
  createUpload(db, {
    actor,
    ...input,
    storage: attachmentStorage(),
    maxBytes: maxAttachmentBytes(),
    secret: getEnv().AUTH_SECRET,
  });

export const finishUpload = (db: Db, actor: Actor, input: z.output<typeof completeUploadInput>) =>
  completeUpload(db, { actor, ...input, storage: attachmentStorage(), maxBytes: maxAttachmentBytes() });
