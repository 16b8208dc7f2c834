import { Resend } from "resend";
import { getEnv } from "@/lib/env";

export type EmailMessage = { to: string; subject: string; html: string; text: string };

export type SendResult = { ok: true; providerId: string } | { ok: false; retryable: boolean; error: string };

/** Where emails leave the outbox: Resend, or nowhere (the embedded default keeps them). */
export type EmailDriver = {
  name: "resend" | "outbox";
  send(email: EmailMessage, idempotencyKey: string): Promise<SendResult>;
};

/** The embedded default: nothing leaves the machine; the outbox row is the delivery. */
export const outboxOnlyDriver: EmailDriver = {
  name: "outbox",
  async send(email) {
    if (process.env.NODE_ENV === "development") {
      console.info(`[outbox] to ${email.to}: ${email.subject}\n${email.text}`);
    }
    return { ok: true, providerId: "outbox" };
  },
};

/**
 * Resend, with the idempotency key, so a retry after a crash between sending and recording is
 * not a second email. A 429, a 5xx or no answer at all is worth retrying; any other refusal is final.
 */
export function resendDriver({ apiKey, from }: { apiKey: string; from: string }): EmailDriver {
  const resend = new Resend(apiKey);
  return {
    name: "resend",
    async send(email, idempotencyKey) {
      const { data, error } = await resend.emails.send({ from, ...email }, { idempotencyKey });
      if (data) return { ok: true, providerId: data.id };
      const status = (error as { statusCode?: number | null } | null)?.statusCode ?? null;
      const retryable = status === null || status === 429 || status >= 500;
      return {
        ok: false,
        retryable,
        error: `${status ?? "no answer"}: ${error?.message ?? "unknown error"}`,
      };
    },
  };
}

const globalForEmail = globalThis as unknown as { emailDriver?: EmailDriver };

/** Resend when RESEND_API_KEY is set, else the outbox only. */
export function getEmailDriver(): EmailDriver {
  const env = getEnv();
  globalForEmail.emailDriver ??=
    env.RESEND_API_KEY && env.EMAIL_FROM
      ? resendDriver({ apiKey: env.RESEND_API_KEY, from: env.EMAIL_FROM })
      : outboxOnlyDriver;
  return globalForEmail.emailDriver;
}
