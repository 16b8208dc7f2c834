import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { createTestDb, createWorkspace } from "@/db/testing";
import type { CustomerActor } from "@/lib/auth/actor";
import { conversationLink } from "./conversation-links";
import { linkSessionDecision, openConversationLink } from "./open-conversation-link";

const SECRET = "test-secret-that-is-at-least-32-characters-long";
let connection: Connection;
let workspaceId: string;
let dana: CustomerActor;
let erin: CustomerActor;
let outsider: CustomerActor;

beforeAll(async () => {
  connection = await createTestDb();
  const acme = await createWorkspace(connection, {
    slug: "acme",
    team: ["Alice Admin"],
    customers: ["Dana Diaz", "Erin Evans"],
  });
  workspaceId = acme.workspace.id;
  dana = acme.customer("Dana Diaz");
  erin = acme.customer("Erin Evans");
  const globex = await createWorkspace(connection, { slug: "globex", team: ["Gus"], customers: ["Olga"] });
  outsider = globex.customer("Olga");
});
afterAll(() => connection.close());

/** The `t` of the link a conversation email gives this customer. */
function linkToken(customer: CustomerActor, conversationId: string) {
  const url = conversationLink(
    { appUrl: "http://app.test", workspaceSlug: "acme", customerId: customer.customerId, conversationId },
    SECRET,
  );
  return new URL(url).searchParams.get("t") as string;
}

const open = (current: CustomerActor | null, conversationId: string, token: string) =>
  openConversationLink(connection.db, { workspaceId, current, conversationId, token, secret: SECRET });

describe("a link never replaces another person's session", () => {
  it("decides from the current session and the link's customer", () => {
    const linkSession = { ...dana, onlyConversationId: randomUUID() };
    expect(linkSessionDecision(null, dana.customerId)).toBe("start");
    expect(linkSessionDecision(dana, dana.customerId)).toBe("keep");
    expect(linkSessionDecision(linkSession, dana.customerId)).toBe("start");
    expect(linkSessionDecision(erin, dana.customerId)).toBe("refuse");
    expect(linkSessionDecision({ ...erin, onlyConversationId: randomUUID() }, dana.customerId)).toBe(
      "refuse",
    );
  });

  it("refuses a link for Dana in a browser where Erin is signed in, and starts no session", async () => {
    const conversationId = randomUUID();
    expect(await open(erin, conversationId, linkToken(dana, conversationId))).toEqual({
      open: false,
      notice: "other",
    });
  });

  it("keeps Dana's full session when she opens her own link", async () => {
    const conversationId = randomUUID();
    expect(await open(dana, conversationId, linkToken(dana, conversationId))).toEqual({
      open: true,
      conversationId,
      startSession: null,
    });
  });

  it("replaces Dana's session from another link with this link's", async () => {
    const conversationId = randomUUID();
    const fromOtherLink = { ...dana, onlyConversationId: randomUUID() };
    expect(await open(fromOtherLink, conversationId, linkToken(dana, conversationId))).toEqual({
      open: true,
      conversationId,
      startSession: { customerId: dana.customerId, workspaceId, onlyConversationId: conversationId },
    });
  });

  it("starts a session limited to the conversation in a browser with none", async () => {
    const conversationId = randomUUID();
    expect(await open(null, conversationId, linkToken(dana, conversationId))).toMatchObject({
      open: true,
      startSession: { customerId: dana.customerId, onlyConversationId: conversationId },
    });
  });

  it("opens nothing for a forged, mismatched or foreign link", async () => {
    const conversationId = randomUUID();
    const token = linkToken(dana, conversationId);
    const expired = { open: false, notice: "expired" };
    expect(await open(null, conversationId, `${token}x`)).toEqual(expired);
    expect(await open(null, randomUUID(), token)).toEqual(expired);
    expect(await open(null, conversationId, "")).toEqual(expired);
    // Signed correctly, but for a customer of another workspace.
    expect(await open(null, conversationId, linkToken(outsider, conversationId))).toEqual(expired);
  });
});
