import { type NextRequest, NextResponse } from "next/server";
import { getDb } from "@/db";
import { fileHeaders, servedAs } from "@/lib/attachments/file-response";
import { findDownload } from "@/lib/attachments/read-attachments";
import { requestActors } from "@/lib/attachments/request-actors";
import { attachmentStorage } from "@/lib/attachments/storage";
import { getEnv } from "@/lib/env";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * A file, for someone who may see its message, checked on every request. Unknown and forbidden
 * get the same 404, so nobody learns a file exists. Someone signed in nowhere (a link in an
 * email) is sent to sign in, then back here. With S3, the answer is a redirect to a presigned URL
 * that lives a minute. The name in the address is only for the browser's save dialog.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actors = await requestActors();
  if (actors.length === 0) return signInFirst(request);
  const file = await findDownload(await getDb(), { actors, attachmentId: id });
  if (!file) return notFound();
  const served = servedAs(file);
  const storage = attachmentStorage();
  const presigned = await storage.presignedDownload(file.storageKey, served);
  if (presigned)
    return NextResponse.redirect(presigned, { headers: { "Cache-Control": "private, no-store" } });
  const body = await storage.read(file.storageKey);
  if (!body) return notFound();
  return new Response(body, { headers: fileHeaders(served, file.size) });
}

const notFound = () =>
  Response.json(
    { error: "attachment_not_found", message: "This file does not exist, or you may not see it." },
    { status: 404 },
  );

/**
 * To the chat page of the workspace the email came from (`?chat=<slug>`, put there by customer
 * emails), or the team's sign-in, each coming back here once signed in.
 */
function signInFirst(request: NextRequest) {
  const { APP_URL } = getEnv();
  const slug = request.nextUrl.searchParams.get("chat");
  if (slug && /^[a-z0-9-]{1,64}$/.test(slug)) return NextResponse.redirect(new URL(`/chat/${slug}`, APP_URL));
  const login = new URL("/login", APP_URL);
  login.searchParams.set("next", request.nextUrl.pathname);
  return NextResponse.redirect(login);
}
