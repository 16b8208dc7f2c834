import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openCustomerWorkspaces } from "@/db/testing";
import { getConversation } from "@/lib/conversations/get-conversation";
import { postMessage } from "@/lib/conversations/post-message";
import { startInternalConversation } from "@/lib/conversations/start-conversation";
import { listConversations } from "@/lib/conversations/views";
import { setConversationStatus } from "./conversation-status";

const acme = openCustomerWorkspaces();
const { db } = acme;
const id = () => randomUUID();

describe("a customer conversation started by the team", () => {
  it("closes and reopens; a customer's reply reopens it", async () => {
    const { conversationId } = await acme.withDana("Anything else?");
    await setConversationStatus(db(), { actor: acme.bob, conversationId, status: "closed" });
    const ids = async (view: "open" | "closed") =>
      (await listConversations(db(), { actor: acme.alice, view })).rows.map((r) => r.id);
    expect(await ids("closed")).toContain(conversationId);
    expect(await ids("open")).not.toContain(conversationId);

    await postMessage(db(), {
      actor: acme.dana,
      conversationId,
      body: "Actually, one more thing",
      clientMessageId: id(),
    });
    expect(await ids("open")).toContain(conversationId);
    expect(await ids("closed")).not.toContain(conversationId);
  });

  it("refuses to close over a message that arrived after the one on screen, and closes nothing", async () => {
    const { conversationId } = await acme.withDana("Can we close?");
    await postMessage(db(), { actor: acme.dana, conversationId, body: "Wait!", clientMessageId: id() });
    await expect(
      setConversationStatus(db(), { actor: acme.alice, conversationId, status: "closed", seenSeq: 1 }),
    ).rejects.toMatchObject({ code: "new_message" });
    expect((await getConversation(db(), { actor: acme.alice, conversationId }))?.status).toBe("open");
    await setConversationStatus(db(), { actor: acme.alice, conversationId, status: "closed", seenSeq: 2 });
    expect((await getConversation(db(), { actor: acme.alice, conversationId }))?.status).toBe("closed");
  });

  it("cannot close an internal conversation", async () => {
    const { conversationId } = await startInternalConversation(db(), {
      actor: acme.alice,
      participantIds: [acme.bob.userId],
      body: "Team only",
      clientMessageId: id(),
    });
    await expect(
      setConversationStatus(db(), { actor: acme.alice, conversationId, status: "closed" }),
    ).rejects.toMatchObject({
      code: "not_a_customer_conversation",
    });
  });
});
