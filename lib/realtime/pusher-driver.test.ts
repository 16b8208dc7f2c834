import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Connection } from "@/db/client";
import { messages } from "@/db/schema";
import {
  aliceToBobNotices,
  createFreshWorkspace,
  createTestDb,
  noticeSummary,
  startTestConversation,
} from "@/db/testing";
import { closeLiveConnections } from "@/lib/auth/sessions";
import { postMessage } from "@/lib/conversations/post-message";
import { conversationChannel, userChannel } from "./channels";
import type { MessageNotice, RealtimeEvent } from "./events";
import { APP_ID, type FakePusher, hmacHex, KEY, SECRET, startFakePusher } from "./fake-pusher";
import { setRealtimeDriver } from "./publish";
import { pusherClient, pusherDriver } from "./pusher-driver";
import { recordingDriver } from "./recording-driver";

let fake: FakePusher;
let connection: Connection;
const db = () => connection.db;
/** A fresh workspace per test, so unread counts start from zero. */
const freshWorkspace = () =>
  createFreshWorkspace(connection, "realtime", ["Alice Admin", "Bob Builder", "Carol Chen", "Dave Doe"]);

const notice = (conversationId: string, seq: number, preview: string): MessageNotice => ({
  conversationId,
  messageId: randomUUID(),
  seq,
  authorId: randomUUID(),
  authorName: "Zoë Ünicode",
  preview,
  system: false,
});

beforeAll(async () => {
  [fake, connection] = await Promise.all([startFakePusher(), createTestDb()]);
});
afterAll(async () => {
  await Promise.all([fake?.close(), connection?.close()]);
});
beforeEach(() => {
  fake.delivered.length = 0;
  fake.terminated.length = 0;
  fake.requests.length = 0;
  fake.failWith = null;
});
afterEach(() => {
  setRealtimeDriver(recordingDriver());
  vi.restoreAllMocks();
});

describe("the Pusher driver against a fake that checks signatures", () => {
  it("ends sessions by terminating the connections signed in as them, and a failure loses nothing else", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await pusherDriver(fake.config).endSessions([a, b]);
    expect([...fake.terminated].sort()).toEqual([a, b].sort());
    expect(fake.requests.every((request) => request.status === 200)).toBe(true);

    // Through the app's own call, which never throws: the sessions have ended whatever Pusher says.
    setRealtimeDriver(pusherDriver(fake.config));
    fake.failWith = 503;
    vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(closeLiveConnections([randomUUID()])).resolves.toBeUndefined();
    fake.failWith = null;
    const c = randomUUID();
    await closeLiveConnections([c]);
    expect(fake.terminated).toContain(c);
  });

  it("delivers each event's channel, name and JSON data, in order, in signed batches of at most ten", async () => {
    const conversationId = randomUUID();
    const events: RealtimeEvent[] = Array.from({ length: 12 }, (_, i) => ({
      channel: i % 2 ? conversationChannel(conversationId) : userChannel(randomUUID()),
      name: "message.new",
      // Multi-byte text makes body_md5 depend on bytes, not characters.
      data: notice(conversationId, i + 1, `Grüße №${i} — 👋`),
    }));

    await pusherDriver(fake.config).publish(events);

    expect(fake.requests).toEqual([
      { path: `/apps/${APP_ID}/batch_events`, status: 200 },
      { path: `/apps/${APP_ID}/batch_events`, status: 200 },
    ]);
    expect(fake.delivered).toEqual(events.map(({ channel, name, data }) => ({ channel, name, data })));
  });

  it("is refused by the fake when signed with the wrong secret, so the fake really checks", async () => {
    const event: RealtimeEvent = {
      channel: userChannel(randomUUID()),
      name: "conversation.read",
      data: { conversationId: randomUUID(), lastReadSeq: 3, unreadCount: 0 },
    };

    await expect(
      pusherDriver({ ...fake.config, secret: "not-the-secret" }).publish([event]),
    ).rejects.toMatchObject({ status: 401 });
    expect(fake.requests).toEqual([{ path: `/apps/${APP_ID}/batch_events`, status: 401 }]);
    expect(fake.delivered).toEqual([]);

    // The same event with the right secret goes through.
    await pusherDriver(fake.config).publish([event]);
    expect(fake.delivered).toEqual([event]);
  });

  it("lets sendMessage succeed and store the message once while Pusher answers 500, and delivers again after", async () => {
    const { member: actor, idOf } = await freshWorkspace();
    const alice = actor("Alice Admin");
    const { conversationId } = await startTestConversation(db(), {
      from: alice,
      to: [idOf("Bob Builder")],
    });
    setRealtimeDriver(pusherDriver(fake.config));
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});

    fake.failWith = 500;
    const clientMessageId = randomUUID();
    const during = await postMessage(db(), {
      actor: alice,
      conversationId,
      body: "During the outage",
      clientMessageId,
    });

    expect(during).toMatchObject({ conversationId, seq: 2 });
    expect(fake.requests.map((r) => r.status)).toEqual([500]); // it was tried, and it failed
    expect(fake.delivered).toEqual([]);
    expect(logged).toHaveBeenCalled();
    const stored = await db()
      .select({ id: messages.id, seq: messages.seq, body: messages.body })
      .from(messages)
      .where(eq(messages.clientMessageId, clientMessageId));
    expect(stored).toEqual([{ id: during.messageId, seq: 2, body: "During the outage" }]);

    fake.failWith = null;
    const after = await postMessage(db(), {
      actor: alice,
      conversationId,
      body: "After the outage",
      clientMessageId: randomUUID(),
    });

    // Nothing was rolled back: the numbering carried on from the message sent during the outage.
    expect(after.seq).toBe(3);
    const history = await db()
      .select({ seq: messages.seq, body: messages.body })
      .from(messages)
      .where(eq(messages.conversationId, conversationId))
      .orderBy(messages.seq);
    expect(history).toEqual([
      { seq: 1, body: "Hello there" },
      { seq: 2, body: "During the outage" },
      { seq: 3, body: "After the outage" },
    ]);
    // The message sent during the outage is not announced late; the next one is, to everyone.
    expect(noticeSummary(fake.delivered)).toEqual(aliceToBobNotices(idOf, conversationId, after.messageId));
  });
});

describe("private-channel authorization", () => {
  it("signs socket id and channel with the app secret, as Pusher's client expects", () => {
    const socketId = "123456.7890123";
    const channel = conversationChannel(randomUUID());
    const other = conversationChannel(randomUUID());

    const client = pusherClient(fake.config);
    const signed = client.authorizeChannel(socketId, channel);
    expect(signed).toEqual({ auth: `${KEY}:${hmacHex(SECRET, `${socketId}:${channel}`)}` });

    const forOther = client.authorizeChannel(socketId, other);
    expect(forOther.auth).toBe(`${KEY}:${hmacHex(SECRET, `${socketId}:${other}`)}`);
    expect(forOther.auth).not.toBe(signed.auth);
    expect(
      pusherClient({ ...fake.config, secret: "other" }).authorizeChannel(socketId, channel).auth,
    ).not.toBe(signed.auth);
  });
});
