import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Connection } from "@/db/client";
import { messages, users } from "@/db/schema";
import { createTestDb, createWorkspace, startTestConversation } from "@/db/testing";
import { postMessage } from "@/lib/conversations/post-message";
import { markRead } from "@/lib/conversations/read-state";
import type { PusherConfig } from "@/lib/env";
import { conversationChannel, userChannel } from "./channels";
import type { MessageNotice, RealtimeEvent } from "./events";
import { setRealtimeDriver } from "./publish";
import { pusherClient, pusherDriver } from "./pusher-driver";
import { recordingDriver } from "./recording-driver";

// ---------------------------------------------------------------------------------------------
// A fake of Pusher's HTTP API that checks every request's signature the way Pusher documents it
// (https://pusher.com/docs/channels/library_auth_reference/rest-api/#authentication), written
// here rather than borrowed from the pusher package, so a signing bug cannot agree with itself.
// ---------------------------------------------------------------------------------------------

type Delivered = { channel: string; name: string; data: unknown };

type FakePusher = {
  config: PusherConfig;
  /** Events accepted, in order, with their data parsed back from JSON. */
  delivered: Delivered[];
  /** Every request, whatever became of it. */
  requests: { path: string; status: number }[];
  /** Answer every request with this status (after checking it) until set back to null. */
  failWith: number | null;
  close(): Promise<void>;
};

const APP_ID = "4242";
const KEY = "fake-key";
const SECRET = "fake-secret-0123456789";

const hmacHex = (secret: string, text: string) => createHmac("sha256", secret).update(text).digest("hex");
const sameHex = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

/** Why Pusher would refuse this request, or null when it is correctly signed. */
function authProblem(method: string, url: URL, rawBody: Buffer): string | null {
  const query = url.searchParams;
  const signature = query.get("auth_signature");
  if (!signature) return "missing auth_signature";
  if (query.get("auth_key") !== KEY) return "unknown auth_key";
  if (query.get("auth_version") !== "1.0") return "auth_version must be 1.0";
  const timestamp = Number(query.get("auth_timestamp"));
  if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 600)
    return "auth_timestamp missing or more than 600 s off";
  if (query.get("body_md5") !== createHash("md5").update(rawBody).digest("hex")) return "body_md5 mismatch";
  const signed = [...query.entries()]
    .filter(([key]) => key !== "auth_signature")
    .map(([key, value]): [string, string] => [key.toLowerCase(), value])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  const expected = hmacHex(SECRET, `${method}\n${url.pathname}\n${signed}`);
  return sameHex(expected, signature) ? null : "invalid auth_signature";
}

async function startFakePusher(): Promise<FakePusher> {
  const fake: Omit<FakePusher, "config" | "close"> = { delivered: [], requests: [], failWith: null };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks);
    const url = new URL(request.url ?? "/", "http://fake");
    const answer = (status: number, body: unknown) => {
      fake.requests.push({ path: url.pathname, status });
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };

    const route = /^\/apps\/([^/]+)\/(batch_events|events)$/.exec(url.pathname);
    if (request.method !== "POST" || !route) return answer(404, { error: "not found" });
    if (route[1] !== APP_ID) return answer(404, { error: "unknown app" });
    const problem = authProblem(request.method, url, rawBody);
    if (problem) return answer(401, { error: problem });
    if (fake.failWith !== null) return answer(fake.failWith, { error: "simulated outage" });

    const body = JSON.parse(rawBody.toString("utf8"));
    const events: Delivered[] = [];
    if (route[2] === "batch_events") {
      if (!Array.isArray(body.batch) || body.batch.length > 10)
        return answer(400, { error: "a batch holds 1 to 10 events" });
      for (const event of body.batch) {
        if (typeof event.data !== "string") return answer(400, { error: "data must be a string" });
        events.push({ channel: event.channel, name: event.name, data: JSON.parse(event.data) });
      }
    } else {
      for (const channel of body.channels)
        events.push({ channel, name: body.name, data: JSON.parse(body.data) });
    }
    fake.delivered.push(...events);
    return answer(200, route[2] === "batch_events" ? { batch: events.map(() => ({})) } : {});
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      response.writeHead(400);
      response.end(error.message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(fake, {
    config: { appId: APP_ID, key: KEY, secret: SECRET, host: "127.0.0.1", port, useTLS: false },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}

// ---------------------------------------------------------------------------------------------

const byChannel = (a: { channel: string }, b: { channel: string }) => a.channel.localeCompare(b.channel);

/**
 * Who was told what about which message: the conversation's channel first, then the user
 * channels in channel order (the order among people is not part of the contract).
 */
/** The summary of Alice's message to Bob: the conversation, then Alice (read) and Bob (1 unread). */
const aliceToBob = (idOf: (name: string) => string, conversationId: string, messageId: string) => [
  { channel: conversationChannel(conversationId), name: "message.new", messageId, unreadCount: undefined },
  ...[
    { channel: userChannel(idOf("Alice Admin")), name: "message.new", messageId, unreadCount: 0 },
    { channel: userChannel(idOf("Bob Builder")), name: "message.new", messageId, unreadCount: 1 },
  ].sort(byChannel),
];

const summary = (events: { channel: string; name: string; data: unknown }[]) => {
  const rows = events.map((event) => {
    const data = event.data as Partial<MessageNotice>;
    return {
      channel: event.channel,
      name: event.name,
      messageId: data.messageId,
      unreadCount: data.unreadCount,
    };
  });
  const [first, ...rest] = rows;
  return first ? [first, ...rest.sort(byChannel)] : [];
};

let fake: FakePusher;
let connection: Connection;
const db = () => connection.db;
let slugs = 0;

/** A fresh workspace per test, so unread counts start from zero. */
async function freshWorkspace() {
  const workspace = await createWorkspace(connection, {
    slug: `realtime-${++slugs}`,
    team: ["Alice Admin", "Bob Builder", "Carol Chen", "Dave Doe"],
  });
  return { ...workspace, actor: workspace.member, idOf: (name: string) => workspace.member(name).userId };
}

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
  fake.requests.length = 0;
  fake.failWith = null;
});
afterEach(() => {
  setRealtimeDriver(recordingDriver());
  vi.restoreAllMocks();
});

describe("the Pusher driver against a fake that checks signatures", () => {
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
    const { actor, idOf } = await freshWorkspace();
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
    expect(summary(fake.delivered)).toEqual(aliceToBob(idOf, conversationId, after.messageId));
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

describe("what a new message and a read announce", () => {
  let recorder: ReturnType<typeof recordingDriver>;
  beforeEach(() => {
    recorder = recordingDriver();
    setRealtimeDriver(recorder);
  });

  it("tells the conversation and each participant, with their unread counts, and nobody else", async () => {
    const { actor, idOf } = await freshWorkspace();
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

    expect(summary(recorder.events)).toEqual(aliceToBob(idOf, conversationId, message.messageId));
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
    const { actor, idOf } = await freshWorkspace();
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
    const { actor, idOf } = await freshWorkspace();
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
    const { actor, idOf } = await freshWorkspace();
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
