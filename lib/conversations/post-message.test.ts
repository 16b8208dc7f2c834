import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { messages } from "@/db/schema";
import { openCustomerWorkspaces } from "@/db/testing";
import { postMessage } from "./post-message";

const acme = openCustomerWorkspaces();
const { db } = acme;
const id = () => randomUUID();

describe("conversations a customer starts", () => {
  it("stores a retried customer send once", async () => {
    const { conversationId } = await acme.withDana("Retry me");
    const clientMessageId = id();
    const send = () =>
      postMessage(db(), { actor: acme.dana, conversationId, body: "Only once", clientMessageId });
    const [a, b] = await Promise.all([send(), send()]);
    expect(a.messageId).toBe(b.messageId);
    expect(await db().$count(messages, eq(messages.clientMessageId, clientMessageId))).toBe(1);
  });

  it("refuses an empty or oversized message and stores nothing", async () => {
    const { conversationId } = await acme.withDana("Validation");
    for (const body of ["   ", "x".repeat(10_001)]) {
      await expect(
        postMessage(db(), { actor: acme.dana, conversationId, body, clientMessageId: id() }),
      ).rejects.toMatchObject({
        code: "invalid_body",
      });
    }
    expect(await db().$count(messages, eq(messages.conversationId, conversationId))).toBe(1);
  });
});
