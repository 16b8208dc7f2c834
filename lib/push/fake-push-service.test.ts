import { X509Certificate } from "node:crypto";
import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import webpush, { type PushSubscription, type RequestOptions, type WebPushError } from "web-push";
import { type FakePushService, HANG, RETRY_AFTER_SECONDS, startFakePushService } from "./fake-push-service";

const vapid = webpush.generateVAPIDKeys();
const subject = "mailto:push@example.test";
let service: FakePushService;

beforeAll(async () => {
  service = await startFakePushService({ vapidPublicKey: vapid.publicKey });
});
afterAll(() => service.stop());

const send = (subscription: PushSubscription, payload: string, options: RequestOptions = {}) =>
  webpush.sendNotification(subscription, payload, {
    vapidDetails: { subject, ...vapid },
    agent: service.agent,
    TTL: 60,
    ...options,
  });

/** The error web-push rejects with, which a sender reads the status from. */
async function refusal(sending: Promise<unknown>): Promise<WebPushError> {
  const error = await sending.then(
    () => expect.unreachable("the push was accepted"),
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(webpush.WebPushError);
  return error as WebPushError;
}

/** A push as web-push would send it, with some headers replaced, posted by hand. */
function postWith(subscription: PushSubscription, headers: Record<string, string | undefined>) {
  const details = webpush.generateRequestDetails(subscription, "by hand", {
    vapidDetails: { subject, ...vapid },
    TTL: 60,
  });
  const sent = Object.fromEntries(
    Object.entries({ ...details.headers, ...headers }).filter(([, value]) => value !== undefined),
  );
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const posting = request(
      subscription.endpoint,
      { method: "POST", headers: sent, agent: service.agent },
      (response) => {
        let body = "";
        response.on("data", (chunk) => {
          body += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    posting.on("error", reject);
    posting.end(details.body);
  });
}

const receivedAt = (endpoint: string) => service.received.filter((push) => push.endpoint === endpoint);
const rejectedAt = (endpoint: string) => service.rejected.filter((push) => push.endpoint === endpoint);
const secondsFromNow = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

describe("the fake push service", () => {
  it("serves a certificate for 127.0.0.1 and localhost", () => {
    const certificate = new X509Certificate(service.ca);
    expect(certificate.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(certificate.checkHost("localhost")).toBe("localhost");
  });

  it("hands out subscriptions shaped as a browser's", () => {
    const { endpoint, keys } = service.newSubscription();
    expect(endpoint).toMatch(new RegExp(`^${service.origin}/push/[A-Za-z0-9_-]+$`));
    expect(Buffer.from(keys.p256dh, "base64url")).toHaveLength(65);
    expect(Buffer.from(keys.p256dh, "base64url")[0]).toBe(4);
    expect(Buffer.from(keys.auth, "base64url")).toHaveLength(16);
  });

  it("decrypts what web-push sends, and keeps its TTL, topic and urgency", async () => {
    const subscription = service.newSubscription();
    const payload = JSON.stringify({ title: "Ada wrote", body: "Ça marche 👍" });
    const answer = await send(subscription, payload, {
      TTL: 3600,
      topic: "conversation-42",
      urgency: "high",
    });
    expect(answer.statusCode).toBe(201);
    expect(receivedAt(subscription.endpoint)).toEqual([
      { endpoint: subscription.endpoint, payload, ttl: 3600, topic: "conversation-42", urgency: "high" },
    ]);
  });

  it("takes a missing Urgency as normal", async () => {
    const subscription = service.newSubscription();
    await postWith(subscription, { Urgency: undefined });
    expect(receivedAt(subscription.endpoint)).toMatchObject([{ payload: "by hand", urgency: "normal" }]);
  });

  it("refuses a JWT signed with another application server key (403)", async () => {
    const subscription = service.newSubscription();
    const other = webpush.generateVAPIDKeys();
    const error = await refusal(send(subscription, "hi", { vapidDetails: { subject, ...other } }));
    expect(error.statusCode).toBe(403);
    expect(receivedAt(subscription.endpoint)).toEqual([]);
    expect(rejectedAt(subscription.endpoint)).toMatchObject([
      { status: 403, reason: expect.stringMatching(/^k /) },
    ]);
  });

  it("refuses a JWT whose signature does not verify with k (403)", async () => {
    const subscription = service.newSubscription();
    const signedByOther = webpush.getVapidHeaders(
      service.origin,
      subject,
      vapid.publicKey,
      webpush.generateVAPIDKeys().privateKey,
      "aes128gcm",
    );
    const answer = await postWith(subscription, signedByOther);
    expect(answer).toEqual({ status: 403, body: "the JWT's signature does not verify with k" });
    expect(receivedAt(subscription.endpoint)).toEqual([]);
  });

  it("refuses a JWT for another push service (403)", async () => {
    const subscription = service.newSubscription();
    const elsewhere = webpush.getVapidHeaders(
      "https://fcm.googleapis.com",
      subject,
      vapid.publicKey,
      vapid.privateKey,
      "aes128gcm",
    );
    const answer = await postWith(subscription, elsewhere);
    expect(answer.status).toBe(403);
    expect(answer.body).toContain("aud");
    expect(receivedAt(subscription.endpoint)).toEqual([]);
  });

  it("refuses an expired JWT (403), and takes one that is still valid", async () => {
    const subscription = service.newSubscription();
    const headers = (expiration: number) =>
      webpush.getVapidHeaders(
        service.origin,
        subject,
        vapid.publicKey,
        vapid.privateKey,
        "aes128gcm",
        expiration,
      );
    expect(await postWith(subscription, headers(secondsFromNow(-60)))).toEqual({
      status: 403,
      body: "the JWT has expired",
    });
    expect(await postWith(subscription, headers(secondsFromNow(60)))).toEqual({ status: 201, body: "" });
    expect(receivedAt(subscription.endpoint)).toHaveLength(1);
  });

  it("answers 401 to a push with no Authorization", async () => {
    const subscription = service.newSubscription();
    const answer = await postWith(subscription, { Authorization: undefined });
    expect(answer.status).toBe(401);
    expect(receivedAt(subscription.endpoint)).toEqual([]);
  });

  it("refuses a body encrypted for another subscription's keys (400)", async () => {
    const subscription = service.newSubscription();
    const other = service.newSubscription();
    const error = await refusal(send({ endpoint: subscription.endpoint, keys: other.keys }, "misaddressed"));
    expect(error.statusCode).toBe(400);
    expect(error.body).toContain("does not decrypt");
    expect(receivedAt(subscription.endpoint)).toEqual([]);
    expect(rejectedAt(subscription.endpoint)).toMatchObject([{ status: 400 }]);
  });

  it("refuses a push without TTL, as RFC 8030 requires (400)", async () => {
    const subscription = service.newSubscription();
    expect((await postWith(subscription, { TTL: undefined })).status).toBe(400);
    expect(receivedAt(subscription.endpoint)).toEqual([]);
  });

  it("takes a body of 4096 bytes and refuses one byte more (413)", async () => {
    const subscription = service.newSubscription();
    // aes128gcm adds 86 bytes of header, 1 of delimiter and 16 of tag.
    await send(subscription, "x".repeat(3993));
    expect(receivedAt(subscription.endpoint)).toHaveLength(1);
    expect((await refusal(send(subscription, "x".repeat(3994)))).statusCode).toBe(413);
    expect(receivedAt(subscription.endpoint)).toHaveLength(1);
  });

  it("answers 410 to an endpoint it never issued, or one that has gone", async () => {
    const { keys } = service.newSubscription();
    const unknown = { endpoint: `${service.origin}/push/never-issued`, keys };
    expect((await refusal(send(unknown, "hi"))).statusCode).toBe(410);

    const subscription = service.newSubscription();
    await send(subscription, "before");
    service.gone(subscription.endpoint);
    expect((await refusal(send(subscription, "after"))).statusCode).toBe(410);
    expect(receivedAt(subscription.endpoint).map((push) => push.payload)).toEqual(["before"]);
  });

  it("answers the queued statuses in order, then checks and delivers again", async () => {
    const subscription = service.newSubscription();
    service.answerNext(404, 410, 429, 500);
    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const error = await refusal(send(subscription, "queued"));
      statuses.push(error.statusCode);
      if (error.statusCode === 429) expect(error.headers["retry-after"]).toBe(String(RETRY_AFTER_SECONDS));
    }
    expect(statuses).toEqual([404, 410, 429, 500]);
    expect(receivedAt(subscription.endpoint)).toEqual([]);
    await send(subscription, "through");
    expect(receivedAt(subscription.endpoint).map((push) => push.payload)).toEqual(["through"]);
  });

  it("holds a request open on HANG, so a sender's timeout fires", async () => {
    const subscription = service.newSubscription();
    service.answerNext(HANG);
    await expect(send(subscription, "lost", { timeout: 200 })).rejects.toThrow("Socket timeout");
    await send(subscription, "next");
    expect(receivedAt(subscription.endpoint).map((push) => push.payload)).toEqual(["next"]);
  });
});
