import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CustomerActor } from "@/lib/auth/actor";

// Before the route (and lib/env.ts, which reads once) is loaded.
process.env.PGLITE_DIR = path.join(mkdtempSync(path.join(tmpdir(), "widget-route-test-")), "pglite");
process.env.AUTH_SECRET = "test-secret-that-is-at-least-32-characters-long";
delete process.env.DATABASE_URL;

// The browser's chat session, set by each test; the cookie itself is Next's to handle.
const session = vi.hoisted(() => ({
  current: null as CustomerActor | null,
  end: vi.fn(),
  set: vi.fn(),
}));
vi.mock("@/lib/chat/session-cookie", () => ({
  getChatActor: async (workspaceId?: string) =>
    session.current && (!workspaceId || session.current.workspaceId === workspaceId) ? session.current : null,
  endChatSession: session.end,
  setChatSessionCookie: session.set,
}));

const { GET } = await import("./route");
const { getDb } = await import("@/db");
const { customers, workspaces } = await import("@/db/schema");
const { customerFromSession } = await import("@/lib/chat/customer-session");
const { identityHash } = await import("@/lib/chat/identity");

const CHAT_PAGE = "http://localhost:3000/chat/acme?embed=1";
let workspaceId: string;
let secret: string;
let dana: { customerId: string; email: string | null };

beforeAll(async () => {
  const db = await getDb(); // the embedded database seeds the demo workspace, acme
  const [acme] = await db.select().from(workspaces).where(eq(workspaces.slug, "acme"));
  workspaceId = acme?.id as string;
  secret = acme?.identitySecret as string;
  const [row] = await db.select().from(customers).where(eq(customers.externalId, "dana-1001"));
  dana = { customerId: row?.id as string, email: row?.email ?? null };
}, 60_000);

beforeEach(() => {
  session.current = null;
  session.end.mockClear();
  session.set.mockClear();
});

const danasQuery = (hash = identityHash(secret, "dana-1001")) =>
  new URLSearchParams({ user_id: "dana-1001", user_email: "dana@customer.test", user_hash: hash }).toString();

const widget = (slug: string, search: string, destination: string | null = "iframe") =>
  GET(
    new NextRequest(`http://localhost:3000/chat/${slug}/widget?${search}`, {
      headers: destination ? { "sec-fetch-dest": destination } : {},
    }),
    { params: Promise.resolve({ slug }) },
  );

/** The session the route gave the browser, as the chat page will read it. */
async function givenSession() {
  const [[cookie]] = session.set.mock.calls as [[{ token: string }]];
  return customerFromSession(await getDb(), {
    token: cookie.token,
    workspaceId,
    secret: process.env.AUTH_SECRET as string,
  });
}

const actor = (fields: Partial<CustomerActor>): CustomerActor => ({
  kind: "customer",
  customerId: crypto.randomUUID(),
  workspaceId,
  name: "Someone",
  email: null,
  ...fields,
});

describe("the widget's entry route", () => {
  it("sends an unknown workspace's frame to its chat address, which says it is not available", async () => {
    const response = await widget("no-such-workspace", danasQuery());
    expect(response.headers.get("location")).toBe("http://localhost:3000/chat/no-such-workspace?embed=1");
    expect(session.set).not.toHaveBeenCalled();
    expect(session.end).not.toHaveBeenCalled();
  });

  it("signs the frame in as the seeded Dana with her signed identity, and goes on to the chat page", async () => {
    const response = await widget("acme", danasQuery());
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(CHAT_PAGE);
    expect(session.set).toHaveBeenCalledTimes(1);
    expect(await givenSession()).toMatchObject({ customerId: dana.customerId, viaIdentity: true });
    // The session it replaces (none here, or another person's) ends first.
    expect(session.end).toHaveBeenCalled();
  });

  it("keeps the session of a frame already signed in as that identity", async () => {
    session.current = actor({ customerId: dana.customerId, email: dana.email, viaIdentity: true });
    expect((await widget("acme", danasQuery())).headers.get("location")).toBe(CHAT_PAGE);
    expect(session.set).not.toHaveBeenCalled();
    expect(session.end).not.toHaveBeenCalled();
  });

  it("a forged signature signs nobody in, and ends a session made from an identity", async () => {
    const forged = danasQuery(identityHash("not-the-workspace-secret", "dana-1001"));
    session.current = actor({ customerId: dana.customerId, email: dana.email, viaIdentity: true });
    expect((await widget("acme", forged)).headers.get("location")).toBe(CHAT_PAGE);
    expect(session.set).not.toHaveBeenCalled();
    expect(session.end).toHaveBeenCalledTimes(1);
  });

  it("with no identity, ends a session made from one, and leaves a visitor or an emailed sign-in alone", async () => {
    session.current = actor({ viaIdentity: true });
    await widget("acme", "");
    expect(session.end).toHaveBeenCalledTimes(1);

    for (const current of [actor({}), actor({ customerId: dana.customerId, email: dana.email })]) {
      session.end.mockClear();
      session.current = current;
      await widget("acme", danasQuery("0".repeat(64)));
      await widget("acme", "");
      expect(session.end).not.toHaveBeenCalled();
    }
    expect(session.set).not.toHaveBeenCalled();
  });

  it("changes nothing when opened other than in a frame, or by a browser that does not say", async () => {
    session.current = actor({ viaIdentity: true });
    for (const destination of ["document", "script", "empty", null]) {
      const response = await widget("acme", danasQuery(), destination);
      expect(response.headers.get("location"), String(destination)).toBe(CHAT_PAGE);
    }
    await widget("acme", "", "document");
    expect(session.set).not.toHaveBeenCalled();
    expect(session.end).not.toHaveBeenCalled();
  });
});
