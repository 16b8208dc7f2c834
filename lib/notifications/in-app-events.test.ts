import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { users } from "@/db/schema";
import {
  aliceToBobNotices,
  createFreshWorkspace,
  createTestDb,
  noticeSummary,
  startTestConversation,
} from "@/db/testing";
import { postMessage } from "@/lib/conversations/post-message";
import { markRead } from "@/lib/conversations/read-state";
import { conversationChannel, userChannel } from "@/lib/realtime/channels";
import type { MessageNotice } from "@/lib/realtime/events";
import { setRealtimeDriver } from "@/lib/realtime/publish";
import { recordingDriver } from "@/lib/realtime/recording-driver";

let connection: Connection;
const db = () => connection.db;
/** A fresh workspace per test, so unread counts start from zero. */
const freshWorkspace = () =>
  createFreshWorkspace(connection, "realtime", ["Alice Admin", "Bob Builder", "Carol Chen", "Dave Doe"]);

beforeAll(async () => {
  connection = await createTestDb();
});
afterAll(() => connection.close());

describe("what a new message and a read announce", () => {
  let recorder: ReturnType<typeof recordingDriver>;
  beforeEach(() => {
    recorder = recordingDriver();
    setRealtimeDriver(recorder);
  });

  it("tells the conversation and each participant, with their unread counts, and nobody else", async () => {
    const { member: actor, idOf } = await freshWorkspace();
    const alice = actor("Alice Admin");
    const { conversationId } = await startTestConversation(db(), {
      from: alice,
      to: [idOf("Bob Builder")],
      body: "First",
    });
    await markRead(db(), { viewer: actor("Bob Builder"), conversationId, seq: 1 });
    recorder.clear();

    const body = `Quarterly numbers:\n\n${"lorem ipsum dolor sit amet ".repeat(40)}THE END`;
    const message = await postMessage(db(), {
      actor: alice,
      conversationId,
      body,
      clientMessageId: randomUUID(),
    });

    expect(noticeSummary(recorder.events)).toEqual(
      aliceToBobNotices(idOf, conversationId, message.messageId),
    );
    expect(recorder.events.map((e) => e.channel)).not.toContain(userChannel(idOf("Carol Chen")));
    for (const event of recorder.events) {
      const data = event.data as MessageNotice;
      expect(data).toMatchObject({
        conversationId,
        messageId: message.messageId,
        seq: 2,
        authorId: alice.userId,
        authorName: "Alice Admin",
        system: false,
      });
      expect(data.preview.length).toBeLessThanOrEqual(140);
      expect(data.preview.startsWith("Quarterly numbers: lorem ipsum")).toBe(true);
      expect(JSON.stringify(event)).not.toContain("THE END"); // the full body never goes out
    }
  });

  it("counts each recipient's unread conversations across the workspace", async () => {
    const { member: actor, idOf } = await freshWorkspace();
    const alice = actor("Alice Admin");
    await startTestConversation(db(), { from: alice, to: [idOf("Bob Builder")] });
    recorder.clear();

    const { conversationId } = await startTestConversation(db(), {
      from: alice,
      to: [idOf("Bob Builder")],
    });

    const bobs = recorder.events.find((e) => e.channel === userChannel(idOf("Bob Builder")));
    const alices = recorder.events.find((e) => e.channel === userChannel(idOf("Alice Admin")));
    expect(bobs?.data).toMatchObject({ conversationId, unreadCount: 2 });
    expect(alices?.data).toMatchObject({ conversationId, unreadCount: 0 });
  });

  it("tells a deactivated participant nothing", async () => {
    const { member: actor, idOf } = await freshWorkspace();
    const alice = actor("Alice Admin");
    const { conversationId } = await startTestConversation(db(), {
      from: alice,
      to: [idOf("Bob Builder"), idOf("Dave Doe")],
    });
    expect(recorder.events.map((e) => e.channel)).toContain(userChannel(idOf("Dave Doe")));
    await db()
      .update(users)
      .set({ deactivatedAt: new Date() })
      .where(eq(users.id, idOf("Dave Doe")));
    recorder.clear();

    await postMessage(db(), {
      actor: alice,
      conversationId,
      body: "Dave has left",
      clientMessageId: randomUUID(),
    });

    const channels = recorder.events.map((e) => e.channel);
    expect(channels).not.toContain(userChannel(idOf("Dave Doe")));
    expect(channels.sort()).toEqual(
      [
        conversationChannel(conversationId),
        userChannel(idOf("Alice Admin")),
        userChannel(idOf("Bob Builder")),
      ].sort(),
    );
  });

  it("announces a read on the reader's own channel with the count left", async () => {
    const { member: actor, idOf } = await freshWorkspace();
    const bob = actor("Bob Builder");
    const { conversationId } = await startTestConversation(db(), {
      from: actor("Alice Admin"),
      to: [bob.userId],
    });
    recorder.clear();

    await markRead(db(), { viewer: bob, conversationId, seq: 1 });

    expect(recorder.events).toEqual([
      {
        channel: userChannel(idOf("Bob Builder")),
        name: "conversation.read",
        data: { conversationId, lastReadSeq: 1, unreadCount: 0 },
      },
    ]);
  });
});
