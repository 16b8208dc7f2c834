import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { messages } from "@/db/schema";
import { type CustomerWorkspaces, createCustomerWorkspaces, createTestDb } from "@/db/testing";
import type { CustomerActor } from "@/lib/auth/actor";
import { postMessage } from "./post-message";

let connection: Connection;
let dana: CustomerActor;
let withDana: CustomerWorkspaces["withDana"];

const db = () => connection.db;
const id = () => randomUUID();

beforeAll(async () => {
  connection = await createTestDb();
  ({ dana, withDana } = await createCustomerWorkspaces(connection));
});
afterAll(() => connection.close());

describe("conversations a customer starts", () => {
  it("stores a retried customer send once", async () => {
    const { conversationId } = await withDana("Retry me");
    const clientMessageId = id();
    const send = () => postMessage(db(), { actor: dana, conversationId, body: "Only once", clientMessageId });
    const [a, b] = await Promise.all([send(), send()]);
    expect(a.messageId).toBe(b.messageId);
    expect(await db().$count(messages, eq(messages.clientMessageId, clientMessageId))).toBe(1);
  });

  it("refuses an empty or oversized message and stores nothing", async () => {
    const { conversationId } = await withDana("Validation");
    for (const body of ["   ", "x".repeat(10_001)]) {
      await expect(
        postMessage(db(), { actor: dana, conversationId, body, clientMessageId: id() }),
      ).rejects.toMatchObject({
        code: "invalid_body",
      });
    }
    expect(await db().$count(messages, eq(messages.conversationId, conversationId))).toBe(1);
  });
});
