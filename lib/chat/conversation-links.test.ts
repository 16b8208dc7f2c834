import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openCustomerWorkspaces, testClock } from "@/db/testing";
import { conversationLink, customerOfConversationLink } from "./conversation-links";
import { customerFromSession } from "./customer-session";
import { signToken } from "./signed-token";

const SECRET = "test-secret-that-is-at-least-32-characters-long";
const acme = openCustomerWorkspaces();
const { db } = acme;
const id = () => randomUUID();

describe("session cookies and conversation links", () => {
  const { start: now, afterDays: inDays } = testClock();
  const session = (token: string | undefined, at = now, workspaceId = acme.workspace.id) =>
    customerFromSession(db(), { token, workspaceId, secret: SECRET, now: at });

  it("a conversation link is good for its customer and conversation only, and cannot pass as a session", async () => {
    const { conversationId } = await acme.withDana("Link me");
    const url = new URL(
      conversationLink(
        {
          appUrl: "http://app.test",
          workspaceSlug: "acme",
          customerId: acme.dana.customerId,
          conversationId,
        },
        SECRET,
        now,
      ),
    );
    expect(url.pathname).toBe("/chat/acme/open");
    const token = url.searchParams.get("t") ?? "";
    expect(customerOfConversationLink({ token, conversationId }, SECRET, now)).toBe(acme.dana.customerId);
    expect(customerOfConversationLink({ token, conversationId: id() }, SECRET, now)).toBeNull();
    expect(customerOfConversationLink({ token, conversationId }, SECRET, inDays(8))).toBeNull();
    expect(await session(token)).toBeNull();
    // Nor can a session, or any other signed token, pass as a link.
    const forged = signToken(
      "chat-session",
      { c: acme.dana.customerId, v: conversationId, exp: 9e9 },
      SECRET,
    );
    expect(customerOfConversationLink({ token: forged, conversationId }, SECRET, now)).toBeNull();
  });
});
