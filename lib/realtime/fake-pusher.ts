import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { PusherConfig } from "@/lib/env";

/*
 * A fake of Pusher's HTTP API for tests, beside the fake Resend (lib/email/fake-resend.ts). It
 * checks every request's signature the way Pusher documents it
 * (https://pusher.com/docs/channels/library_auth_reference/rest-api/#authentication), written
 * here rather than borrowed from the pusher package, so a signing bug cannot agree with itself.
 */

type Delivered = { channel: string; name: string; data: unknown };

export type FakePusher = {
  config: PusherConfig;
  /** Events accepted, in order, with their data parsed back from JSON. */
  delivered: Delivered[];
  /** User ids whose connections were terminated (Pusher's user authentication), in order. */
  terminated: string[];
  /** Every request, whatever became of it. */
  requests: { path: string; status: number }[];
  /** Answer every request with this status (after checking it) until set back to null. */
  failWith: number | null;
  close(): Promise<void>;
};

export const APP_ID = "4242";
export const KEY = "fake-key";
export const SECRET = "fake-secret-0123456789";

export const hmacHex = (secret: string, text: string) =>
  createHmac("sha256", secret).update(text).digest("hex");
const sameHex = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

/** Why Pusher would refuse this request, or null when it is correctly signed. */
function authProblem(method: string, url: URL, rawBody: Buffer): string | null {
  const query = url.searchParams;
  const signature = query.get("auth_signature");
  if (!signature) return "missing auth_signature";
  if (query.get("auth_key") !== KEY) return "unknown auth_key";
  if (query.get("auth_version") !== "1.0") return "auth_version must be 1.0";
  const timestamp = Number(query.get("auth_timestamp"));
  if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 600)
    return "auth_timestamp missing or more than 600 s off";
  if (query.get("body_md5") !== createHash("md5").update(rawBody).digest("hex")) return "body_md5 mismatch";
  const signed = [...query.entries()]
    .filter(([key]) => key !== "auth_signature")
    .map(([key, value]): [string, string] => [key.toLowerCase(), value])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  const expected = hmacHex(SECRET, `${method}\n${url.pathname}\n${signed}`);
  return sameHex(expected, signature) ? null : "invalid auth_signature";
}

export async function startFakePusher(): Promise<FakePusher> {
  const fake: Omit<FakePusher, "config" | "close"> = {
    delivered: [],
    terminated: [],
    requests: [],
    failWith: null,
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks);
    const url = new URL(request.url ?? "/", "http://fake");
    const answer = (status: number, body: unknown) => {
      fake.requests.push({ path: url.pathname, status });
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };

    const terminate = /^\/apps\/([^/]+)\/users\/([^/]+)\/terminate_connections$/.exec(url.pathname);
    if (request.method === "POST" && terminate) {
      if (terminate[1] !== APP_ID) return answer(404, { error: "unknown app" });
      const problem = authProblem(request.method, url, rawBody);
      if (problem) return answer(401, { error: problem });
      if (fake.failWith !== null) return answer(fake.failWith, { error: "simulated outage" });
      fake.terminated.push(decodeURIComponent(terminate[2] ?? ""));
      return answer(200, {});
    }
    const route = /^\/apps\/([^/]+)\/(batch_events|events)$/.exec(url.pathname);
    if (request.method !== "POST" || !route) return answer(404, { error: "not found" });
    if (route[1] !== APP_ID) return answer(404, { error: "unknown app" });
    const problem = authProblem(request.method, url, rawBody);
    if (problem) return answer(401, { error: problem });
    if (fake.failWith !== null) return answer(fake.failWith, { error: "simulated outage" });

    const body = JSON.parse(rawBody.toString("utf8"));
    const events: Delivered[] = [];
    if (route[2] === "batch_events") {
      if (!Array.isArray(body.batch) || body.batch.length > 10)
        return answer(400, { error: "a batch holds 1 to 10 events" });
      for (const event of body.batch) {
        if (typeof event.data !== "string") return answer(400, { error: "data must be a string" });
        events.push({ channel: event.channel, name: event.name, data: JSON.parse(event.data) });
      }
    } else {
      for (const channel of body.channels)
        events.push({ channel, name: body.name, data: JSON.parse(body.data) });
    }
    fake.delivered.push(...events);
    return answer(200, route[2] === "batch_events" ? { batch: events.map(() => ({})) } : {});
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      response.writeHead(400);
      response.end(error.message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(fake, {
    config: { appId: APP_ID, key: KEY, secret: SECRET, host: "127.0.0.1", port, useTLS: false },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}
