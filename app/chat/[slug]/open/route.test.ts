import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CustomerActor } from "@/lib/auth/actor";

// Before the route (and lib/env.ts, which reads once) is loaded.
process.env.PGLITE_DIR = path.join(mkdtempSync(path.join(tmpdir(), "open-link-test-")), "pglite");
process.env.AUTH_SECRET = "test-secret-that-is-at-least-32-characters-long";
delete process.env.DATABASE_URL;

// The browser's chat session, set by each test; the cookie itself is Next's to handle.
const session = vi.hoisted(() => ({ current: null as CustomerActor | null, start: vi.fn() }));
vi.mock("@/lib/chat/session-cookie", () => ({
  getChatActor: async (workspaceId?: string) =>
    session.current && (!workspaceId || session.current.workspaceId === workspaceId) ? session.current : null,
  getBrowserChatActor: async () => session.current,
  startChatSession: session.start,
}));

const { GET } = await import("./route");
const { getDb } = await import("@/db");
const { customers, workspaces } = await import("@/db/schema");
const { conversationLink } = await import("@/lib/chat/conversation-links");

let workspaceId: string;
let dana: CustomerActor;
let erin: CustomerActor;

beforeAll(async () => {
  const db = await getDb(); // the embedded database seeds the demo workspace, acme
  const [acme] = await db.select().from(workspaces).where(eq(workspaces.slug, "acme"));
  workspaceId = acme?.id as string;
  const customerOf = async (email: string): Promise<CustomerActor> => {
    const [row] = await db.select().from(customers).where(eq(customers.email, email));
    return { kind: "customer", customerId: row?.id as string, workspaceId, name: "", email };
  };
  dana = await customerOf("dana@customer.test");
  erin = await customerOf("erin@customer.test");
}, 60_000);

beforeEach(() => {
  session.current = null;
  session.start.mockClear();
});

const open = (slug: string, search: string) =>
  GET(new NextRequest(`http://localhost:3000/chat/${slug}/open?${search}`), {
    params: Promise.resolve({ slug }),
  });

function danasLink(conversationId: string) {
  const url = conversationLink(
    { appUrl: "http://localhost:3000", workspaceSlug: "acme", customerId: dana.customerId, conversationId },
    process.env.AUTH_SECRET as string,
  );
  return new URL(url).search.slice(1);
}

describe("the conversation link route", () => {
  it("answers an unknown workspace with the table's 404", async () => {
    const response = await open("no-such-workspace", "c=x&t=y");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: "workspace_not_found" });
  });

  it("sends a repeated or missing parameter to the chat page's 'expired' note", async () => {
    for (const search of ["c=x&c=y&t=1", "t=a&t=b", ""]) {
      const response = await open("acme", search);
      expect(response.status, search).toBe(303);
      expect(response.headers.get("location"), search).toBe("http://localhost:3000/chat/acme?link=expired");
    }
    expect(session.start).not.toHaveBeenCalled();
  });

  it("signs a browser with no session in to that conversation only", async () => {
    const conversationId = crypto.randomUUID();
    const response = await open("acme", danasLink(conversationId));
    expect(response.headers.get("location")).toBe(`http://localhost:3000/chat/acme/c/${conversationId}`);
    expect(session.start).toHaveBeenCalledWith({
      customerId: dana.customerId,
      workspaceId,
      onlyConversationId: conversationId,
    });
  });

  it("never replaces the session of a customer of another workspace", async () => {
    session.current = { ...erin, customerId: crypto.randomUUID(), workspaceId: crypto.randomUUID() };
    const response = await open("acme", danasLink(crypto.randomUUID()));
    expect(response.headers.get("location")).toBe("http://localhost:3000/chat/acme?link=other");
    expect(session.start).not.toHaveBeenCalled();
  });

  it("never replaces another customer's session", async () => {
    session.current = erin;
    const response = await open("acme", danasLink(crypto.randomUUID()));
    expect(response.headers.get("location")).toBe("http://localhost:3000/chat/acme?link=other");
    expect(session.start).not.toHaveBeenCalled();
  });
});
