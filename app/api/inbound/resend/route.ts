import { getDb } from "@/db";
import { answeringDomainErrors, DomainError } from "@/lib/domain-error";
import { getEnv } from "@/lib/env";
import { receiveReply } from "@/lib/inbound/receive-reply";
import { fetchReceivedEmail, MAX_WEBHOOK_BYTES, verifyResendWebhook } from "@/lib/inbound/resend-inbound";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Resend's `email.received` webhook: a reply to a notification email (lib/inbound/receive-reply.ts).
 * The signature is the credential. Every email it was told of is answered 200 with what became of
 * it, refused or not, so Resend does not deliver it again; a 503 (the database or Resend's API not
 * answering) makes it try again later.
 */
export function POST(request: Request) {
  return answeringDomainErrors(async () => {
    const env = getEnv();
    if (!env.INBOUND_EMAIL_DOMAIN || !env.RESEND_WEBHOOK_SECRET || !env.RESEND_API_KEY)
      throw new DomainError(
        "inbound_email_off",
        "Replies by email are not set up here (INBOUND_EMAIL_DOMAIN).",
      );
    if (Number(request.headers.get("content-length") ?? 0) > MAX_WEBHOOK_BYTES)
      throw new DomainError("invalid_request", "This webhook is too large to be Resend's.");
    const payload = await request.text();
    if (payload.length > MAX_WEBHOOK_BYTES)
      throw new DomainError("invalid_request", "This webhook is too large to be Resend's.");
    const event = verifyResendWebhook(payload, request.headers, env.RESEND_WEBHOOK_SECRET);
    if (event.type !== "email.received") return Response.json({ ignored: event.name });
    const email = await fetchReceivedEmail(event.emailId, { apiKey: env.RESEND_API_KEY });
    const received = await receiveReply(await getDb(), email, {
      replyDomain: env.INBOUND_EMAIL_DOMAIN,
      secret: env.AUTH_SECRET,
      ownSender: env.EMAIL_FROM,
      appUrl: env.APP_URL,
    });
    return Response.json(received);
  });
}
