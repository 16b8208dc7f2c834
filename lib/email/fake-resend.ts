import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One email the fake was asked to send. */
export type FakeEmail = {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  /** As the request named them: a notification's List-Unsubscribe, say. */
  headers?: Record<string, string>;
  /** Where a reply goes, as Resend's API takes it. */
  reply_to?: string | string[];
};

/**
 * An email the fake "received" at an inbound address, as Resend's API gives it back
 * (`GET /emails/receiving/{id}`): a test puts it there, then sends the webhook that names it.
 */
export type FakeReceivedEmail = {
  from: string;
  to: string[];
  cc?: string[];
  subject: string;
  text: string | null;
  html: string | null;
  headers?: Record<string, string>;
  message_id: string;
};

/** One request to the fake's batch endpoint: when it came, and the status it was answered with. */
type FakeRequest = {
  idempotencyKey: string | undefined;
  emails: FakeEmail[];
  status: number;
  receivedAt: Date;
};

/** What the fake's queued 429 answers ask for, in their `retry-after` header. */
export const RETRY_AFTER_SECONDS = 120;

/** What a 429 for going past `requestsPerSecond` asks for, as Resend's rate limit does. */
export const RATE_LIMIT_RETRY_AFTER_SECONDS = 1;

/** Queued as an answer, the fake holds that request open and never answers. */
export const HANG = -1;

/**
 * Queued as an answer, the fake delivers the emails (and keeps its answer for the idempotency key)
 * but never sends that answer: the provider has them, and the sender dies or gives up before it hears.
 */
export const ACCEPT_THEN_HANG = -2;

/** An address the fake refuses, as Resend's permissive validation refuses a malformed one. */
export const REFUSED_DOMAIN = "@refused.test";

/**
 * A local stand-in for Resend's batch API (`POST /emails/batch`), for tests and benchmarks. It
 * records every request and answers with statuses queued by the test, 200 otherwise, or, during
 * an outage the test started, one status to every request until it ends. Like Resend:
 * - a repeated idempotency key gets the first answer again, and nothing is delivered twice;
 * - with permissive validation, a refused email is listed in `errors` by its index, and `data`
 *   holds the ids of the others, in order.
 * With `requestsPerSecond`, it is rate-limited as a Resend account is: a bucket of that many
 * requests, refilled at that rate, and a 429 (retry-after 1 s) for a request that finds it empty.
 * Other processes (the Playwright suite, the benchmarks) use it over HTTP: `GET /__emails` lists
 * the delivered emails, `GET /__requests` every request's status and time, `POST /__answers`
 * queues statuses as a JSON array, and `POST /__received` stores an email as received (answering
 * its id), which `GET /emails/receiving/{id}` then gives as Resend's API does.
 */
export async function startFakeResend({
  port = 0,
  keepHtml = true,
  requestsPerSecond,
}: {
  port?: number;
  keepHtml?: boolean;
  requestsPerSecond?: number;
} = {}) {
  const requests: FakeRequest[] = [];
  const accepted: FakeEmail[] = [];
  const answers: number[] = [];
  // Answers for the next requests with an email to one of some addresses: failures that fall on
  // one test's emails only, whatever else is being sent.
  const answersFor: { to: Set<string>; statuses: number[] } = { to: new Set(), statuses: [] };
  const answered = new Map<string, unknown>();
  const received = new Map<string, FakeReceivedEmail & { id: string }>();
  const receive = (email: FakeReceivedEmail) => {
    const id = `inbound_${received.size + 1}_${Math.random().toString(36).slice(2, 10)}`;
    received.set(id, { ...email, id });
    return id;
  };
  // Resend down: every request gets this status, and the queued answers wait for its end.
  let outage: number | null = null;
  const bucket = { tokens: requestsPerSecond ?? 0, at: performance.now() };
  const withinRateLimit = () => {
    if (!requestsPerSecond) return true;
    const now = performance.now();
    bucket.tokens = Math.min(
      requestsPerSecond,
      bucket.tokens + ((now - bucket.at) / 1000) * requestsPerSecond,
    );
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      };
      const raw = Buffer.concat(chunks).toString();
      if (request.method === "GET" && request.url === "/__emails") return reply(200, accepted);
      if (request.method === "GET" && request.url === "/__requests")
        return reply(
          200,
          requests.map(({ status, receivedAt, emails }) => ({ status, receivedAt, emails: emails.length })),
        );
      if (request.method === "POST" && request.url === "/__answers") {
        answers.push(...(JSON.parse(raw) as number[]));
        return reply(200, { queued: answers.length });
      }
      if (request.method === "POST" && request.url === "/__received")
        return reply(200, { id: receive(JSON.parse(raw) as FakeReceivedEmail) });
      const receivedId = /^\/emails\/receiving\/([^/?]+)/.exec(request.url ?? "")?.[1];
      if (request.method === "GET" && receivedId) {
        const email = received.get(decodeURIComponent(receivedId));
        if (!email) return reply(404, { statusCode: 404, name: "not_found", message: "Email not found" });
        return reply(200, {
          object: "email",
          created_at: new Date().toISOString(),
          bcc: null,
          reply_to: null,
          received_for: email.to,
          attachments: [],
          ...email,
          cc: email.cc ?? null,
          headers: email.headers ?? {},
        });
      }
      if (request.method !== "POST" || request.url !== "/emails/batch") {
        return reply(404, { statusCode: 404, name: "not_found", message: "not found" });
      }

      const idempotencyKey = request.headers["idempotency-key"] as string | undefined;
      const emails = (JSON.parse(raw) as (Omit<FakeEmail, "to"> & { to: string | string[] })[]).map(
        (email): FakeEmail => ({ ...email, to: [email.to].flat(), html: keepHtml ? email.html : "" }),
      );
      const targeted = emails.some((email) => email.to.some((address) => answersFor.to.has(address)));
      if (!withinRateLimit()) {
        requests.push({ idempotencyKey, emails, status: 429, receivedAt: new Date() });
        response.setHeader("retry-after", String(RATE_LIMIT_RETRY_AFTER_SECONDS));
        return reply(429, { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" });
      }
      const status = outage ?? (targeted ? answersFor.statuses.shift() : undefined) ?? answers.shift() ?? 200;
      requests.push({ idempotencyKey, emails, status, receivedAt: new Date() });
      if (status === HANG) return; // never answers: the client must time out
      if (status !== 200 && status !== ACCEPT_THEN_HANG) {
        // Like Resend, a rate limit says when to come back.
        if (status === 429) response.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
        return reply(status, { statusCode: status, name: "fake_error", message: `fake says ${status}` });
      }
      const earlier = idempotencyKey ? answered.get(idempotencyKey) : undefined;
      if (earlier) return reply(200, earlier);
      const data: { id: string }[] = [];
      const errors: { index: number; message: string }[] = [];
      for (const [index, email] of emails.entries()) {
        if (email.to.some((address) => address.endsWith(REFUSED_DOMAIN))) {
          errors.push({ index, message: "Invalid `to` field." });
        } else {
          accepted.push(email);
          data.push({ id: `re_${accepted.length}` });
        }
      }
      const answer = { data, errors };
      if (idempotencyKey) answered.set(idempotencyKey, answer);
      if (status === ACCEPT_THEN_HANG) return;
      reply(200, answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    accepted,
    /** Stores an email as received at an inbound address; answers the id its webhook names. */
    receive,
    /** Statuses for the next requests, in order; 200 once they run out. */
    answers,
    /** Statuses for the next requests that carry an email to one of `to`, in order (and no other request). */
    answersFor,
    /** Answers `status` to every request from now on, until `endOutage()`. */
    startOutage(status = 500) {
      outage = status;
    },
    endOutage() {
      outage = null;
    },
    reset() {
      requests.length = 0;
      accepted.length = 0;
      answers.length = 0;
      answersFor.statuses.length = 0;
      outage = null;
      bucket.tokens = requestsPerSecond ?? 0;
      bucket.at = performance.now();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type FakeResend = Awaited<ReturnType<typeof startFakeResend>>;
