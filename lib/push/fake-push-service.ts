import {
  createDecipheriv,
  createECDH,
  createPublicKey,
  type ECDH,
  hkdfSync,
  type KeyObject,
  randomBytes,
  verify,
} from "node:crypto";
import { Agent, createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { generate } from "selfsigned";

/** A browser's subscription, as `PushManager.subscribe()` answers it (its `toJSON()`). */
export type FakeSubscription = { endpoint: string; keys: { p256dh: string; auth: string } };

/** One push the service accepted, its payload decrypted as the browser would. */
export type ReceivedPush = {
  endpoint: string;
  payload: string;
  ttl: number;
  topic: string | undefined;
  /** `normal` when the request named none, as RFC 8030 reads a missing header. */
  urgency: string;
};

/** One push the service refused, and which check it failed. */
export type RejectedPush = { endpoint: string; status: number; reason: string };

/** What the service's 429 answers ask for, in their `retry-after` header. */
export const RETRY_AFTER_SECONDS = 120;

/** Queued as an answer, the service holds that request open and never answers. */
export const HANG = -1;

/** RFC 8030 has push services take 4096 bytes and lets them refuse more (413); FCM, Mozilla and Apple do. */
const MAX_BODY_BYTES = 4096;

/** RFC 8292: a JWT valid for longer is refused. */
const MAX_JWT_SECONDS = 24 * 60 * 60;

type Problem = { status: number; reason: string };

/**
 * A local stand-in for the browsers' push services (Web Push: RFC 8030, 8291, 8292), for tests.
 * It speaks HTTPS, as web-push only sends to https endpoints, with a certificate made at start:
 * pass `agent` to web-push's `sendNotification` so Node trusts it. Each request is checked as a
 * real push service checks it (VAPID JWT, TTL, size), and its body is decrypted with the
 * subscription's private key, as the browser would: a payload that a browser could not read is a
 * 400 here, where a real service would accept it and the notification would silently never show.
 * The checks and the decryption are written here with node:crypto, not borrowed from web-push's
 * own dependencies, so that an encryption bug cannot agree with itself.
 * Statuses queued with `answerNext` come first, before any check: 404 and 410 (the subscription
 * has gone), 429 (with `retry-after`), 5xx, or HANG.
 */
export async function startFakePushService({ vapidPublicKey }: { vapidPublicKey?: string } = {}) {
  const received: ReceivedPush[] = [];
  const rejected: RejectedPush[] = [];
  const answers: number[] = [];
  // An answer for every request while set (the model-based test's failing sweeps), after the queue.
  let always: number | null = null;
  const subscriptions = new Map<string, { ecdh: ECDH; auth: Buffer }>();

  // web-push sends to the endpoint's host as written, and Node checks the certificate against it.
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: [
      {
        name: "subjectAltName",
        altNames: [
          { type: 7, ip: "127.0.0.1" },
          { type: 2, value: "localhost" },
        ],
      },
    ],
  });

  const server = createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const reply = (status: number, body: string) => {
        response.writeHead(status, { "content-type": "text/plain" });
        response.end(body);
      };
      const queued = answers.shift() ?? always ?? undefined;
      if (queued === HANG) return; // never answers: the sender must time out
      if (queued !== undefined) {
        if (queued === 429) response.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
        return reply(queued, `fake says ${queued}`);
      }

      const endpoint = `${origin}${request.url}`;
      const outcome = check(endpoint, request.headers, Buffer.concat(chunks));
      if ("reason" in outcome) {
        rejected.push({ endpoint, ...outcome });
        return reply(outcome.status, outcome.reason);
      }
      received.push(outcome);
      reply(201, "");
    });
  });

  function check(
    endpoint: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
  ): ReceivedPush | Problem {
    const subscription = subscriptions.get(endpoint);
    if (!subscription) return { status: 410, reason: "no such subscription: never issued, or gone" };
    const ttl = String(headers.ttl ?? "");
    if (!/^\d+$/.test(ttl)) return { status: 400, reason: "the TTL header is missing or not a number" };
    const vapid = vapidProblem(headers.authorization as string | undefined, origin, vapidPublicKey);
    if (vapid) return vapid;
    if (headers["content-encoding"] !== "aes128gcm")
      return { status: 400, reason: "the Content-Encoding is not aes128gcm" };
    if (body.length > MAX_BODY_BYTES)
      return { status: 413, reason: `the body is ${body.length} bytes, more than ${MAX_BODY_BYTES}` };
    let payload: string;
    try {
      payload = decrypt(body, subscription);
    } catch (error) {
      return { status: 400, reason: `the body does not decrypt: ${(error as Error).message}` };
    }
    const urgency = (headers.urgency as string | undefined) ?? "normal";
    return { endpoint, payload, ttl: Number(ttl), topic: headers.topic as string | undefined, urgency };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const agent = new Agent({ ca: pems.cert });

  return {
    /** The audience a VAPID JWT must name for this service's endpoints. */
    origin,
    /** The service's self-signed certificate (PEM), for a client other than `agent`. */
    ca: pems.cert,
    /** Trusts the certificate: pass it to web-push's `sendNotification(…, { agent })`. */
    agent,
    received,
    rejected,
    /** A new browser subscription; the service keeps its private key to decrypt what is sent to it. */
    newSubscription(): FakeSubscription {
      const ecdh = createECDH("prime256v1");
      const p256dh = ecdh.generateKeys(); // the uncompressed point, 65 bytes
      const auth = randomBytes(16);
      const endpoint = `${origin}/push/${randomBytes(16).toString("base64url")}`;
      subscriptions.set(endpoint, { ecdh, auth });
      return { endpoint, keys: { p256dh: p256dh.toString("base64url"), auth: auth.toString("base64url") } };
    },
    /** The subscription ends, as when the person unsubscribes or the browser drops it: 410 from now on. */
    gone(endpoint: string) {
      subscriptions.delete(endpoint);
    },
    /** Statuses (or HANG) for the next requests, in order, before any check; checks alone once they run out. */
    answerNext(...statuses: number[]) {
      answers.push(...statuses);
    },
    /** This status for every request from now on (once the queue is empty), until called with null. */
    answerAll(status: number | null) {
      always = status;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

export type FakePushService = Awaited<ReturnType<typeof startFakePushService>>;

/** Why a push service would refuse this `Authorization` (RFC 8292), or null when it is valid. */
function vapidProblem(
  authorization: string | undefined,
  audience: string,
  expectedKey: string | undefined,
): Problem | null {
  if (!authorization) return { status: 401, reason: "no Authorization header" };
  const forbidden = (reason: string) => ({ status: 403, reason });
  const scheme = /^vapid\s+(.*)$/i.exec(authorization);
  if (!scheme?.[1]) return forbidden("the Authorization scheme is not vapid");
  const params = new Map(
    scheme[1].split(",").map((param) => {
      const at = param.indexOf("=");
      return [param.slice(0, at).trim(), param.slice(at + 1).trim()];
    }),
  );
  const token = params.get("t");
  const key = params.get("k");
  if (!token || !key) return forbidden("the vapid Authorization needs both t= and k=");
  if (expectedKey !== undefined && key !== expectedKey)
    return forbidden("k is not the application server key this subscription was made with");

  let claims: { aud?: unknown; exp?: unknown; sub?: unknown };
  try {
    const [encodedHeader, encodedClaims, signature, ...extra] = token.split(".");
    if (!encodedHeader || !encodedClaims || !signature || extra.length > 0) throw new Error("not a JWS");
    const header: { alg?: unknown } = JSON.parse(Buffer.from(encodedHeader, "base64url").toString());
    claims = JSON.parse(Buffer.from(encodedClaims, "base64url").toString());
    if (header.alg !== "ES256") return forbidden("the JWT's alg is not ES256");
    const signed = Buffer.from(`${encodedHeader}.${encodedClaims}`);
    const rawSignature = Buffer.from(signature, "base64url");
    // JWS carries ES256 signatures as r ‖ s, not DER.
    if (!verify("sha256", signed, { key: p256PublicKey(key), dsaEncoding: "ieee-p1363" }, rawSignature))
      return forbidden("the JWT's signature does not verify with k");
  } catch (error) {
    return forbidden(`the JWT or k is malformed: ${(error as Error).message}`);
  }
  if (claims.aud !== audience) return forbidden(`the JWT's aud is ${String(claims.aud)}, not ${audience}`);
  const now = Date.now() / 1000;
  if (typeof claims.exp !== "number" || claims.exp <= now) return forbidden("the JWT has expired");
  if (claims.exp > now + MAX_JWT_SECONDS) return forbidden("the JWT's exp is more than 24 hours ahead");
  if (typeof claims.sub !== "string" || !/^(mailto|https):/.test(claims.sub))
    return forbidden("the JWT has no sub (a mailto: address or an https: URL)");
  return null;
}

/** A VAPID key as sent in `k`: the uncompressed P-256 point, 0x04 ‖ x ‖ y, base64url. */
function p256PublicKey(key: string): KeyObject {
  const point = Buffer.from(key, "base64url");
  if (point.length !== 65 || point[0] !== 4) throw new Error("k is not an uncompressed P-256 point");
  const coordinate = (from: number) => point.subarray(from, from + 32).toString("base64url");
  return createPublicKey({
    key: { kty: "EC", crv: "P-256", x: coordinate(1), y: coordinate(33) },
    format: "jwk",
  });
}

const label = (text: string) => Buffer.from(`${text}\0`);
const hkdf = (ikm: Buffer, salt: Buffer, info: Buffer, length: number) =>
  Buffer.from(hkdfSync("sha256", ikm, salt, info, length));

/**
 * The browser's side of RFC 8291: one aes128gcm record (RFC 8188; Web Push allows no second, and one
 * would fail authentication here) whose header carries the sender's ephemeral key; ECDH with the
 * subscription's key, and then the auth secret, give the content key.
 */
function decrypt(body: Buffer, { ecdh, auth }: { ecdh: ECDH; auth: Buffer }): string {
  // salt(16) ‖ record size(4) ‖ keyid length(1) ‖ keyid, then the record: ciphertext ‖ tag(16)
  const salt = body.subarray(0, 16);
  const senderKey = body.subarray(21, 21 + (body[20] ?? 0));
  const record = body.subarray(21 + senderKey.length);
  if (senderKey.length !== 65) throw new Error("the keyid is not the sender's P-256 public key");

  const ikm = hkdf(
    ecdh.computeSecret(senderKey),
    auth,
    Buffer.concat([label("WebPush: info"), ecdh.getPublicKey(), senderKey]),
    32,
  );
  const decipher = createDecipheriv(
    "aes-128-gcm",
    hkdf(ikm, salt, label("Content-Encoding: aes128gcm"), 16),
    hkdf(ikm, salt, label("Content-Encoding: nonce"), 12),
  );
  decipher.setAuthTag(record.subarray(-16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, -16)), decipher.final()]);
  // The plaintext is followed by a delimiter, 2 in the last record, and then any number of zeros.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("no last-record delimiter after the plaintext");
  return padded.subarray(0, end).toString("utf8");
}
