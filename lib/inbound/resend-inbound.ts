import { Resend } from "resend";
import { Webhook, WebhookVerificationError } from "svix";
import { z } from "zod";
import { DomainError } from "@/lib/domain-error";
import type { IncomingEmail } from "./receive-reply";

/**
 * Resend's side of replies by email: its `email.received` webhook, signed the Svix way, names an
 * email it received; the email itself (text, HTML, headers) is fetched through its API. Only the
 * event's type and the email's id are read from the webhook: everything else comes from the API.
 */

/** Webhook bodies are a few hundred bytes: anything near this is not Resend's. */
export const MAX_WEBHOOK_BYTES = 64 * 1024;

const event = z.object({
  type: z.string(),
  data: z.object({ email_id: z.string().min(1).max(200).optional() }).loose(),
});

export type ResendEvent = { type: "email.received"; emailId: string } | { type: "other"; name: string };

/** The event, if the request carries Resend's signature over this very body; otherwise a 401. */
export function verifyResendWebhook(payload: string, headers: Headers, secret: string): ResendEvent {
  try {
    new Webhook(secret).verify(payload, {
      "svix-id": headers.get("svix-id") ?? "",
      "svix-timestamp": headers.get("svix-timestamp") ?? "",
      "svix-signature": headers.get("svix-signature") ?? "",
    });
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    throw new DomainError("webhook_signature_invalid", "This webhook's signature does not verify.");
  }
  const body = event.safeParse(JSON.parse(payload));
  if (!body.success) throw new DomainError("invalid_request", "This is not a Resend event.");
  const { type, data } = body.data;
  if (type !== "email.received") return { type: "other", name: type };
  if (!data.email_id)
    throw new DomainError("invalid_request", "An email.received event without its email_id.");
  return { type: "email.received", emailId: data.email_id };
}

/**
 * The received email, from Resend's API. A failure is a 503, so Resend delivers the webhook again
 * later (it retries for days), and nothing was written meanwhile.
 */
export async function fetchReceivedEmail(
  emailId: string,
  { apiKey, baseUrl }: { apiKey: string; baseUrl?: string },
): Promise<IncomingEmail> {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  const { data, error } = await resend.emails.receiving.get(emailId);
  if (!data)
    throw new DomainError(
      "email_provider_unavailable",
      `Resend did not give the received email: ${error?.message ?? "no answer"}`,
    );
  return {
    providerEmailId: data.id,
    messageId: data.message_id || null,
    from: data.from,
    to: data.to ?? [],
    cc: data.cc ?? [],
    subject: data.subject ?? "",
    text: data.text,
    html: data.html,
    headers: data.headers ?? {},
  };
}
