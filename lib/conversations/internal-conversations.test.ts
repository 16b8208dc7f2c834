import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { createTestDb, createWorkspace, startTestConversation, type TestWorkspace } from "@/db/testing";
import { postMessage } from "@/lib/conversations/post-message";
import { addParticipants } from "./add-participants";
import { getConversation } from "./get-conversation";
import { listMessagesSince } from "./list-messages";
import { countUnreadConversations, markRead } from "./read-state";
import { countUnreadByView, listConversations } from "./views";

let connection: Connection;
let acme: TestWorkspace;
const db = () => connection.db;
const actor = (name: string) => acme.member(name);
const idOf = (name: string) => actor(name).userId;
const startConversation = (from: string, to: string[], body?: string) =>
  startTestConversation(db(), { from: actor(from), to: to.map(idOf), body });

beforeAll(async () => {
  connection = await createTestDb();
  acme = await createWorkspace(connection, {
    slug: "acme",
    team: ["Alice Admin", "Bob Builder", "Carol Chen"],
  });
});
afterAll(() => connection.close());

describe("starting an internal conversation", () => {
  it("lands unread in each recipient's Internal Inbox and in the sender's Internal Sent", async () => {
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"]);

    const bobInbox = await listConversations(db(), { actor: actor("Bob Builder"), view: "inbox" });
    expect(bobInbox.rows.map((row) => row.id)).toContain(conversationId);
    const row = bobInbox.rows.find((r) => r.id === conversationId);
    expect(row?.unread).toBe(true);
    expect(row?.people.map((p) => p.name)).toEqual(["Alice Admin"]);
    expect(row?.preview).toMatchObject({ authorName: "Alice Admin", body: "Hello there" });

    const aliceSent = await listConversations(db(), { actor: actor("Alice Admin"), view: "sent" });
    expect(aliceSent.rows.find((r) => r.id === conversationId)?.unread).toBe(false);
    const aliceInbox = await listConversations(db(), { actor: actor("Alice Admin"), view: "inbox" });
    expect(aliceInbox.rows.map((r) => r.id)).not.toContain(conversationId);
  });

  it("lets a recipient reply, and opening marks it read", async () => {
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"], "Can you look?");
    const bob = actor("Bob Builder");
    const before = await countUnreadConversations(db(), { actor: bob });

    const conversation = await getConversation(db(), { actor: bob, conversationId });
    expect(conversation?.messages.map((m) => [m.author?.name, m.body])).toEqual([
      ["Alice Admin", "Can you look?"],
    ]);
    await markRead(db(), { viewer: bob, conversationId, seq: conversation?.messages.at(-1)?.seq ?? 0 });
    expect(await countUnreadConversations(db(), { actor: bob })).toBe(before - 1);

    await postMessage(db(), { actor: bob, conversationId, body: "On it", clientMessageId: randomUUID() });
    const alice = await getConversation(db(), { actor: actor("Alice Admin"), conversationId });
    expect(alice?.messages.map((m) => m.body)).toEqual(["Can you look?", "On it"]);
    const aliceInbox = await listConversations(db(), { actor: actor("Alice Admin"), view: "inbox" });
    expect(aliceInbox.rows[0]).toMatchObject({ id: conversationId, unread: true });
  });

  it("never lets the read position run past the newest message or backwards", async () => {
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"]);
    const bob = actor("Bob Builder");
    expect(await markRead(db(), { viewer: bob, conversationId, seq: 99 })).toEqual({ lastReadSeq: 1 });
    expect(await markRead(db(), { viewer: bob, conversationId, seq: 0 })).toEqual({ lastReadSeq: 1 });
  });
});

describe("who can be a participant", () => {
  it("adds a teammate who then sees the whole history after a system line", async () => {
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"], "Before Carol");
    const result = await addParticipants(db(), {
      actor: actor("Alice Admin"),
      conversationId,
      userIds: [idOf("Carol Chen")],
    });
    expect(result.added).toEqual([idOf("Carol Chen")]);

    const carol = actor("Carol Chen");
    const seen = await getConversation(db(), { actor: carol, conversationId });
    expect(seen?.messages.map((m) => [m.kind, m.body])).toEqual([
      ["user", "Before Carol"],
      ["system", "Alice Admin added Carol Chen"],
    ]);
    const inbox = await listConversations(db(), { actor: carol, view: "inbox" });
    expect(inbox.rows.find((row) => row.id === conversationId)?.unread).toBe(true);
    // Adding her again changes nothing and writes no second system line.
    await addParticipants(db(), {
      actor: actor("Bob Builder"),
      conversationId,
      userIds: [idOf("Carol Chen")],
    });
    const again = await getConversation(db(), { actor: carol, conversationId });
    expect(again?.messages).toHaveLength(2);
  });
});

describe("message bodies", () => {
  it("accepts exactly 10,000 characters", async () => {
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"], "y".repeat(10_000));
    const seen = await getConversation(db(), { actor: actor("Bob Builder"), conversationId });
    expect(seen?.messages[0]?.body).toHaveLength(10_000);
  });
});

describe("unread counts per view", () => {
  it("counts unread conversations in the Internal Inbox", async () => {
    const bob = actor("Bob Builder");
    const before = await countUnreadByView(db(), { actor: bob });
    await startConversation("Carol Chen", ["Bob Builder"]);
    const after = await countUnreadByView(db(), { actor: bob });
    expect(after.inbox).toBe(before.inbox + 1);
    expect(after.sent).toBe(before.sent);
  });
});

describe("catching up after a dropped connection", () => {
  it("returns exactly the messages after the last one seen, to participants only", async () => {
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"], "one");
    for (const body of ["two", "three"]) {
      await postMessage(db(), {
        actor: actor("Alice Admin"),
        conversationId,
        body,
        clientMessageId: randomUUID(),
      });
    }
    const since = await listMessagesSince(db(), {
      viewer: actor("Bob Builder"),
      conversationId,
      afterSeq: 1,
    });
    expect(since).toMatchObject({
      complete: true,
      messages: [
        { seq: 2, body: "two" },
        { seq: 3, body: "three" },
      ],
    });
    expect(
      (await listMessagesSince(db(), { viewer: actor("Bob Builder"), conversationId, afterSeq: 3 })).messages,
    ).toEqual([]);
    const refused = await listMessagesSince(db(), {
      viewer: actor("Carol Chen"),
      conversationId,
      afterSeq: 0,
    }).catch((e: unknown) => e);
    expect((refused as { code?: string }).code).toBe("conversation_not_found");
  });
});
