import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Small signed tokens (HMAC-SHA256 over a JSON payload) for the chat page: the customer's session
 * cookie and the links in conversation emails (and, packed tighter, reply addresses:
 * lib/inbound/reply-address.ts). Each purpose signs with its own key derived from
 * the app secret, so a token made for one can never pass as the other.
 */
export type Purpose =
  | "chat-session"
  | "conversation-link"
  | "unsubscribe"
  | "email-unsubscribe"
  | "attachment-upload"
  | "reply-address";

export const keyFor = (purpose: Purpose, secret: string) =>
  createHmac("sha256", secret).update(purpose).digest();

export function signToken<T extends object>(purpose: Purpose, payload: T & { exp: number }, secret: string) {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const signature = createHmac("sha256", keyFor(purpose, secret)).update(body).digest("base64url");
  return `${body}.${signature}`;
}

/** The payload, if the token is this purpose's, untampered and not expired; otherwise null. */
export function verifyToken<T extends object>(
  purpose: Purpose,
  token: string,
  secret: string,
  now = new Date(),
): (T & { exp: number }) | null {
  const [body, signature, extra] = token.split(".");
  if (!body || !signature || extra !== undefined) return null;
  const expected = createHmac("sha256", keyFor(purpose, secret)).update(body).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, "base64url").toString()) as T & { exp: number };
    return typeof payload.exp === "number" && payload.exp * 1000 > now.getTime() ? payload : null;
  } catch {
    return null;
  }
}
