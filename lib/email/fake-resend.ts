import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** What the fake was asked to send. */
export type FakeEmail = {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  idempotencyKey: string | undefined;
};

/**
 * A local stand-in for Resend's HTTP API (`POST /emails`), for tests and benchmarks: it records
 * every request and answers with statuses queued by the test, 200 otherwise. Like Resend, a
 * repeated idempotency key that was accepted is answered with the first email's id and not
 * delivered again. Other processes (the Playwright suite) read it over HTTP:
 * `GET /__emails` lists the accepted emails, `POST /__answers` queues statuses as a JSON array.
 */
export async function startFakeResend({ port = 0, keepHtml = true } = {}) {
  const requests: FakeEmail[] = [];
  const accepted: FakeEmail[] = [];
  const answers: number[] = [];
  const acceptedKeys = new Map<string, string>();

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
      if (request.method === "POST" && request.url === "/__answers") {
        answers.push(...(JSON.parse(raw) as number[]));
        return reply(200, { queued: answers.length });
      }
      if (request.method !== "POST" || request.url !== "/emails") return reply(404, { message: "not found" });

      const body = JSON.parse(raw) as Omit<FakeEmail, "to" | "idempotencyKey"> & { to: string | string[] };
      const email: FakeEmail = {
        ...body,
        html: keepHtml ? body.html : "",
        to: [body.to].flat(),
        idempotencyKey: request.headers["idempotency-key"] as string | undefined,
      };
      requests.push(email);
      const status = answers.shift() ?? 200;
      if (status !== 200) {
        return reply(status, { statusCode: status, name: "fake_error", message: `fake says ${status}` });
      }
      const earlier = email.idempotencyKey ? acceptedKeys.get(email.idempotencyKey) : undefined;
      if (earlier) return reply(200, { id: earlier });
      accepted.push(email);
      const id = `re_${accepted.length}`;
      if (email.idempotencyKey) acceptedKeys.set(email.idempotencyKey, id);
      reply(200, { id });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    accepted,
    /** Statuses for the next requests, in order; 200 once they run out. */
    answers,
    reset() {
      requests.length = 0;
      accepted.length = 0;
      answers.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeResend = Awaited<ReturnType<typeof startFakeResend>>;
