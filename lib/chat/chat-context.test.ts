import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";

// Before lib/env.ts (which reads once) is loaded. The embedded database seeds the demo workspace, acme.
process.env.PGLITE_DIR = path.join(mkdtempSync(path.join(tmpdir(), "chat-context-test-")), "pglite");
delete process.env.DATABASE_URL;

// No chat session in this browser; the cookie itself is Next's to handle.
const endChatSession = vi.hoisted(() => vi.fn());
vi.mock("@/lib/chat/session-cookie", () => ({
  getChatActor: async () => null,
  startChatSession: vi.fn(),
  endChatSession,
}));

// Auth.js does not load outside Next, and the chat's actions never ask it.
vi.mock("@/lib/auth/session", () => ({ getTeamActor: async () => null }));

const { chatPageContext, getChatContext, requireChatContext } = await import("./chat-context");
const chatActions = await import("@/app/chat/[slug]/actions");
const { getDb } = await import("@/db");

beforeAll(() => getDb(), 60_000);

describe("one way for a chat route to find its workspace", () => {
  it("finds the workspace by its address, in any case, with the signed-in customer or none", async () => {
    const context = await getChatContext("ACME");
    expect(context?.workspace).toMatchObject({ slug: "acme", name: "Acme Support" });
    expect(context?.actor).toBeNull();
  });

  it("answers an unknown workspace with a 404 on every kind of entry point", async () => {
    expect(await getChatContext("no-such-workspace")).toBeNull();
    expect(await getChatContext("not a slug/..")).toBeNull();
    // Pages: Next's not-found page.
    await expect(chatPageContext("no-such-workspace")).rejects.toMatchObject({
      digest: "NEXT_HTTP_ERROR_FALLBACK;404",
    });
    // Route handlers and actions: the typed error, 404 in the table.
    await expect(requireChatContext("no-such-workspace")).rejects.toMatchObject({
      code: "workspace_not_found",
    });
  });

  it("gives the chat's actions the typed workspace_not_found", async () => {
    const slug = "no-such-workspace";
    const notFound = { ok: false, error: "workspace_not_found" };
    expect(await chatActions.requestSignInLinkAction({ slug, email: "dana@customer.test" })).toMatchObject(
      notFound,
    );
    expect(await chatActions.redeemSignInLinkAction({ slug, token: "a-token" })).toMatchObject(notFound);
    expect(await chatActions.signOutOfChatAction({ slug })).toMatchObject(notFound);
    expect(endChatSession).not.toHaveBeenCalled();
  });
});
