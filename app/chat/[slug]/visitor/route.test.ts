import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";

// Before the route (and lib/env.ts, which reads once) is loaded: one proxy in front, so the client
// address is known and the per-address limits apply.
process.env.PGLITE_DIR = path.join(mkdtempSync(path.join(tmpdir(), "visitor-route-test-")), "pglite");
process.env.AUTH_SECRET = "test-secret-that-is-at-least-32-characters-long";
process.env.TRUSTED_PROXY_HOPS = "1";
delete process.env.DATABASE_URL;

const APP = "http://localhost:3000";
// The request's headers and the cookie the route sets: Next's own, outside a request here.
const request = vi.hoisted(() => ({ headers: new Headers(), cookies: [] as string[] }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));
vi.mock("@/lib/chat/session-cookie", () => ({
  getChatActor: async () => null,
  endChatSession: async () => {},
  setChatSessionCookie: async ({ token }: { token: string }) => void request.cookies.push(token),
}));

const { POST } = await import("./route");
const { NEW_VISITORS_PER_CLIENT } = await import("@/lib/chat/visitors");

beforeEach(() => {
  request.cookies = [];
});

function send(body: unknown, { origin = APP, from = "203.0.113.7" } = {}) {
  request.headers = new Headers({ "x-forwarded-for": from, origin });
  return POST(
    new NextRequest(`${APP}/chat/acme/visitor`, {
      method: "POST",
      headers: { origin, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ slug: "acme" }) },
  );
}

const first = (text: string) => ({ body: text, clientMessageId: randomUUID().replaceAll("-", "") });

describe("a visitor's first message", () => {
  it("starts their conversation and signs the browser in", async () => {
    const response = await send(first("Hello from nowhere"));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ conversationId: expect.any(String), seq: 1 });
    expect(request.cookies).toHaveLength(1);
  });

  it("is refused from another site's page, with no visitor and no cookie", async () => {
    const response = await send(first("Forged"), { origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(request.cookies).toHaveLength(0);
  });

  it("says what is wrong with a bad message or a guessable id, and makes nobody", async () => {
    const empty = await send(first("   "));
    expect(empty.status).toBe(400);
    const short = await send({ body: "Hi", clientMessageId: "abc12345" });
    expect(short.status).toBe(400);
    expect(request.cookies).toHaveLength(0);
  });

  it("answers 429 with Retry-After and a clear message once a network has started too many", async () => {
    const from = "198.51.100.23";
    for (let i = 0; i < NEW_VISITORS_PER_CLIENT.max; i++)
      expect((await send(first(`Hello ${i}`), { from })).status).toBe(201);
    const refused = await send(first("One more"), { from });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({
      error: "rate_limited",
      message: expect.stringMatching(/from your network this hour\. Try again in /),
    });
    // Another network is not held back by it.
    expect((await send(first("Elsewhere"), { from: "198.51.100.99" })).status).toBe(201);
  });
});
