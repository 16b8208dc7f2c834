import type { NextRequest } from "next/server";
import { getDb } from "@/db";
import { requestActors } from "@/lib/attachments/request-actors";
import { attachmentStorage, maxAttachmentBytes } from "@/lib/attachments/storage";
import { receiveUpload } from "@/lib/attachments/uploads";
import { answeringDomainErrors, DomainError } from "@/lib/domain-error";
import { getEnv } from "@/lib/env";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The bytes of an upload, where the storage has no presigned URLs (the data folder): the
 * uploader's session and the short-lived token from createUpload, together. Streamed to disk,
 * and cut off past MAX_ATTACHMENT_MB.
 */
export function PUT(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  return answeringDomainErrors(async () => {
    const { id } = await params;
    if (!request.body) throw new DomainError("invalid_request", "Send the file's bytes.");
    await receiveUpload(await getDb(), {
      actors: await requestActors(),
      attachmentId: id,
      token: request.nextUrl.searchParams.get("token") ?? "",
      body: request.body,
      storage: attachmentStorage(),
      maxBytes: maxAttachmentBytes(),
      secret: getEnv().AUTH_SECRET,
    });
    return new Response(null, { status: 204 });
  });
}
