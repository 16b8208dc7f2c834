import type { Agent } from "node:https";
import webpush from "web-push";
import type { VapidKeys } from "./vapid-keys";

/** What a push carries (public/sw.js shows it): never more than a short preview. */
export type PushPayload = { title: string; body: string; url: string; tag: string };

/** A device's subscription, as stored: its push service's endpoint and the keys to encrypt for. */
export type PushTarget = { endpoint: string; p256dh: string; auth: string };

/**
 * How one push went, as the sweep acts on it: gone (404, 410: the browser dropped the
 * subscription, so it is removed), retry (429, 5xx, no answer), or failed (any other refusal,
 * such as a payload too large or a key the service does not accept).
 */
export type PushOutcome =
  | { kind: "sent" }
  | { kind: "gone"; error: string }
  | { kind: "retry"; error: string; retryAfterMs?: number }
  | { kind: "failed"; error: string };

export type PushSender = (target: PushTarget, payload: PushPayload) => Promise<PushOutcome>;

/** A push service that has not answered by then is treated as no answer, and retried. */
const TIMEOUT_MS = 10_000;
/** The longest wait a push service's Retry-After gets. */
const MAX_RETRY_AFTER_SECONDS = 60 * 60;
/** A device offline longer than this gets no push about it; email covers that case. */
const TTL_SECONDS = 24 * 60 * 60;

/**
 * Sends with `web-push`: encrypted for the device (aes128gcm) and signed with the VAPID keys. The
 * Topic is the thread, so a push service holding an undelivered push about that thread replaces
 * it with the newer one, as the notification's tag does on the device. `agent` is for a push
 * service with a certificate of its own (the tests' local one).
 */
export function webPushSender(vapid: VapidKeys, { agent }: { agent?: Agent } = {}): PushSender {
  return async (target, payload) => {
    try {
      await webpush.sendNotification(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        JSON.stringify(payload),
        {
          vapidDetails: vapid,
          TTL: TTL_SECONDS,
          // At most 32 base64url characters: a thread id without its dashes.
          topic: payload.tag.replace(/[^A-Za-z0-9]/g, "").slice(0, 32),
          timeout: TIMEOUT_MS,
          ...(agent && { agent }),
        },
      );
      return { kind: "sent" };
    } catch (error) {
      return outcomeOf(error);
    }
  };
}

function outcomeOf(error: unknown): PushOutcome {
  // What went wrong on the way (refused, timed out, a bad certificate) stays in the server's log: the
  // address is the browser's to name, and the person is not told what lies behind it.
  if (!(error instanceof webpush.WebPushError)) {
    console.warn("A push got no answer:", String(error));
    return { kind: "retry", error: "no answer from the push service" };
  }
  const status = error.statusCode;
  // The status alone: the endpoint is the browser's to name, so what answers there is not repeated
  // to the person (or to admins), whatever it says.
  const reason = `push service answered ${status}`;
  if (status === 404 || status === 410) return { kind: "gone", error: reason };
  if (status === 429 || status >= 500) {
    const retryAfter = Number(error.headers?.["retry-after"]);
    return {
      kind: "retry",
      error: reason,
      // Within reason: a service asking for days would hold the push past any use.
      ...(Number.isFinite(retryAfter) &&
        retryAfter > 0 && { retryAfterMs: Math.min(retryAfter, MAX_RETRY_AFTER_SECONDS) * 1000 }),
    };
  }
  return { kind: "failed", error: reason };
}
