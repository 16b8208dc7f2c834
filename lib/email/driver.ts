import { Resend } from "resend";
import { getEnv } from "@/lib/env";
import { plainText } from "@/lib/plain-text";

export type EmailMessage = {
  to: string;
  fromName?: string | null;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string> | null;
  replyTo?: string | null;
};

/**
 * The From header: the configured sender, or its address under the email's own display name
 * ("Alice Admin via Acme Support" <help@acme.test>). The name is plain text (names in older rows
 * may predate the rule), and quotes, angle brackets and backslashes are dropped, so a name can
 * never add a header line, change the address, or pose as other text.
 */
export function fromHeader(configured: string, fromName?: string | null) {
  if (!fromName) return configured;
  const address = /<([^>]+)>\s*$/.exec(configured)?.[1] ?? configured.trim();
  const clean = plainText(fromName.replace(/["<>\\]/g, ""));
  // At most 80 characters, cut between code points; cleaned again in case the cut split an emoji
  // sequence and left a joiner at the end.
  const name = plainText([...clean].slice(0, 80).join(""));
  return name ? `"${name}" <${address}>` : configured;
}

/** The provider's answer for one email of a batch it accepted. */
export type EmailResult = { ok: true; providerId: string } | { ok: false; error: string };

/** The provider's answer for a whole batch: one result per email, in order, or a refusal of all. */
export type BatchResult =
  | { ok: true; results: EmailResult[] }
  | { ok: false; retryable: boolean; error: string; retryAfterMs?: number };

/** Where emails leave the outbox: Resend, or nowhere (the embedded default keeps them). */
export type EmailDriver = {
  name: "resend" | "outbox";
  /**
   * The provider's rate limit, which every instance shares (lib/email/send-pace.ts); none when
   * sending costs nothing (the outbox).
   */
  requestsPerSecond?: number;
  /** Up to MAX_BATCH emails in one request; the same key and emails again must not send twice. */
  sendBatch(emails: EmailMessage[], idempotencyKey: string): Promise<BatchResult>;
};

/** Resend's limit for one batch request. */
export const MAX_BATCH = 100;

/** The embedded default: nothing leaves the machine; the outbox row is the delivery. */
export const outboxOnlyDriver: EmailDriver = {
  name: "outbox",
  async sendBatch(emails) {
    if (process.env.NODE_ENV === "development") {
      for (const email of emails) console.info(`[outbox] to ${email.to}: ${email.subject}\n${email.text}`);
    }
    return { ok: true, results: emails.map(() => ({ ok: true, providerId: "outbox" })) };
  },
};

/**
 * Resend's batch endpoint, with the batch's idempotency key, so a retry after a crash between
 * sending and recording is not a second email. Permissive validation: one bad address fails alone
 * rather than sinking the other 99; Resend then lists the valid emails' ids in order. A 429, a 5xx
 * or no answer at all is worth retrying; any other refusal is final.
 */
export function resendDriver({
  apiKey,
  from,
  baseUrl,
  timeoutMs = 15_000,
  requestsPerSecond,
}: {
  apiKey: string;
  from: string;
  /** The account's rate limit (Resend's default is 2); unpaced when left out. */
  requestsPerSecond?: number;
  /** Where Resend's API is; the SDK's default (RESEND_BASE_URL, or Resend itself) when left out. */
  baseUrl?: string;
  timeoutMs?: number;
}): EmailDriver {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    name: "resend",
    requestsPerSecond,
    async sendBatch(emails, idempotencyKey) {
      const { data, error, headers } = await resend.batch.send(
        emails.map(({ to, fromName, subject, html, text, headers, replyTo }) => ({
          from: fromHeader(from, fromName),
          to,
          // Rendered subjects are plain already; an outbox row written before that rule is not.
          subject: plainText(subject),
          html,
          text,
          ...(headers && { headers }),
          ...(replyTo && { replyTo }),
        })),
        // The request runs while the batch is claimed: a hung provider must not hold it (or, on
        // PGlite, the whole database) for long. A timeout is retried with the same key.
        { idempotencyKey, batchValidation: "permissive", signal: AbortSignal.timeout(timeoutMs) },
      );
      if (data) {
        const refused = new Map((data.errors ?? []).map((refusal) => [refusal.index, refusal.message]));
        const ids = data.data.map((sent) => sent.id);
        return {
          ok: true,
          results: emails.map((_, index): EmailResult => {
            const reason = refused.get(index);
            if (reason !== undefined) return { ok: false, error: `refused: ${reason}` };
            const providerId = ids.shift();
            return providerId ? { ok: true, providerId } : { ok: false, error: "no id in the answer" };
          }),
        };
      }
      const status = (error as { statusCode?: number | null } | null)?.statusCode ?? null;
      // A rate limit says when to come back (in seconds); earlier would only be refused again.
      const retryAfter = Number(headers?.["retry-after"]);
      return {
        ok: false,
        retryable: status === null || status === 429 || status >= 500,
        error: `${status ?? "no answer"}: ${error?.message ?? "unknown error"}`,
        ...(retryAfter > 0 && { retryAfterMs: retryAfter * 1000 }),
      };
    },
  };
}

const globalForEmail = globalThis as unknown as { emailDriver?: EmailDriver };

/** Resend when RESEND_API_KEY is set, else the outbox only. */
export function getEmailDriver(): EmailDriver {
  if (globalForEmail.emailDriver) return globalForEmail.emailDriver;
  const env = getEnv();
  globalForEmail.emailDriver =
    env.RESEND_API_KEY && env.EMAIL_FROM
      ? resendDriver({
          apiKey: env.RESEND_API_KEY,
          from: env.EMAIL_FROM,
          requestsPerSecond: env.EMAIL_REQUESTS_PER_SECOND,
        })
      : outboxOnlyDriver;
  return globalForEmail.emailDriver;
}

/** For tests: the driver getEmailDriver() returns, whatever the environment says. */
export function setEmailDriver(driver: EmailDriver) {
  globalForEmail.emailDriver = driver;
}
