import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { deliveries, participants, users, workspaces } from "@/db/schema";
import {
  createTestDb,
  createWorkspace,
  startTestConversation,
  type TestWorkspace,
  testClock,
} from "@/db/testing";
import { addParticipants } from "@/lib/conversations/add-participants";
import { postMessage } from "@/lib/conversations/post-message";

let connection: Connection;
let acme: TestWorkspace;
const db = () => connection.db;
const actor = (name: string) => acme.member(name);
const { start: T0 } = testClock();

beforeAll(async () => {
  connection = await createTestDb();
  acme = await createWorkspace(connection, {
    slug: "acme",
    team: ["Alice Admin", "Bob Builder", "Carol Chen", "Dave Muted", "Erin Off", "Finn Gone"],
  });
});
afterAll(() => connection.close());

/** The email deliveries planned for one message, as recipient name → due time. */
async function planned(messageId: string) {
  const rows = await db()
    .select({ name: users.name, dueAt: deliveries.dueAt, status: deliveries.status })
    .from(deliveries)
    .innerJoin(users, eq(users.id, deliveries.recipientUserId))
    .where(eq(deliveries.messageId, messageId));
  return Object.fromEntries(rows.map((row) => [row.name, row.dueAt.toISOString()]));
}

const send = (from: string, conversationId: string, body = "hi", clientMessageId = randomUUID()) =>
  postMessage(db(), { actor: actor(from), conversationId, body, clientMessageId, now: T0 });

describe("planning the team email fallback", () => {
  it("plans one email per recipient, due after the workspace delay, and none for the author", async () => {
    const { conversationId } = await startTestConversation(db(), {
      from: actor("Alice Admin"),
      to: [actor("Bob Builder").userId, actor("Carol Chen").userId],
    });
    const message = await send("Bob Builder", conversationId);
    expect(await planned(message.messageId)).toEqual({
      "Alice Admin": "2026-11-24T10:01:00.000Z",
      "Carol Chen": "2026-11-24T10:01:00.000Z",
    });
  });

  it("skips a recipient who muted the conversation, turned email off, or was deactivated", async () => {
    const everyone = ["Bob Builder", "Dave Muted", "Erin Off", "Finn Gone"].map((name) => actor(name).userId);
    const { conversationId } = await startTestConversation(db(), {
      from: actor("Alice Admin"),
      to: everyone,
    });
    await db()
      .update(participants)
      .set({ muted: true })
      .where(
        and(
          eq(participants.conversationId, conversationId),
          eq(participants.userId, actor("Dave Muted").userId),
        ),
      );
    await db()
      .update(users)
      .set({ emailChoice: "none" })
      .where(eq(users.id, actor("Erin Off").userId));
    await db()
      .update(users)
      .set({ deactivatedAt: new Date() })
      .where(eq(users.id, actor("Finn Gone").userId));

    const message = await send("Alice Admin", conversationId);
    expect(Object.keys(await planned(message.messageId))).toEqual(["Bob Builder"]);
  });

  it("follows the workspace: its delay, and no email at all when team email is off", async () => {
    const { conversationId } = await startTestConversation(db(), {
      from: actor("Alice Admin"),
      to: [actor("Bob Builder").userId],
    });
    await db().update(workspaces).set({ emailDelaySeconds: 2 }).where(eq(workspaces.id, acme.workspace.id));
    const quick = await send("Alice Admin", conversationId);
    expect(await planned(quick.messageId)).toEqual({ "Bob Builder": "2026-11-24T10:00:02.000Z" });

    await db()
      .update(workspaces)
      .set({ teamEmailEnabled: false })
      .where(eq(workspaces.id, acme.workspace.id));
    const none = await send("Alice Admin", conversationId);
    expect(await planned(none.messageId)).toEqual({});
    await db()
      .update(workspaces)
      .set({ teamEmailEnabled: true, emailDelaySeconds: 60 })
      .where(eq(workspaces.id, acme.workspace.id));
  });

  it("plans nothing twice for a retried send, and nothing for a system line", async () => {
    const { conversationId } = await startTestConversation(db(), {
      from: actor("Alice Admin"),
      to: [actor("Bob Builder").userId],
    });
    const clientMessageId = randomUUID();
    const first = await send("Alice Admin", conversationId, "once", clientMessageId);
    await send("Alice Admin", conversationId, "once", clientMessageId);
    expect(await db().$count(deliveries, eq(deliveries.messageId, first.messageId))).toBe(1);

    await addParticipants(db(), {
      actor: actor("Alice Admin"),
      conversationId,
      userIds: [actor("Carol Chen").userId],
    });
    const lines = await db().$count(deliveries, eq(deliveries.conversationId, conversationId));
    expect(lines).toBe(2); // the first message and "once", both to Bob; the system line adds none
  });

  it("refuses a workspace delay outside 0 to 86,400 seconds", async () => {
    const error = await db()
      .update(workspaces)
      .set({ emailDelaySeconds: 86_401 })
      .where(eq(workspaces.id, acme.workspace.id))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
  });
});
