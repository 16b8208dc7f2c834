import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import webpush from "web-push";
import type { Connection } from "@/db/client";
import { deliveries, participants, pushSubscriptions, rateLimits, users } from "@/db/schema";
import {
  createTestDb,
  createWorkspace,
  type FakePushServiceWithSender,
  startFakePushServiceWithSender,
  startTestConversation,
  type TestWorkspace,
  testClock,
} from "@/db/testing";
import { deleteMessage } from "@/lib/conversations/change-message";
import { postMessage } from "@/lib/conversations/post-message";
import { markRead } from "@/lib/conversations/read-state";
import { RETRY_AFTER_SECONDS } from "@/lib/push/fake-push-service";
import { type PushSender, webPushSender } from "@/lib/push/send-push";
import { savePushSubscription } from "@/lib/push/subscriptions";
import { recordHeartbeat } from "@/lib/realtime/presence";
import { MAX_ATTEMPTS } from "@/lib/retry-backoff";
import { runPushSweep } from "./push-sweep";

let connection: Connection;
let acme: TestWorkspace;
let service: FakePushServiceWithSender;
const db = () => connection.db;
const member = (name: string) => acme.member(name);
const { start: T0, afterSeconds: at } = testClock();

beforeAll(async () => {
  connection = await createTestDb();
  acme = await createWorkspace(connection, {
    slug: "acme",
    team: ["Alice Admin", "Bob Builder", "Carol Chen", "Dave Online"],
  });
  service = await startFakePushServiceWithSender();
});
afterAll(async () => {
  await service.stop();
  await connection.close();
});

/** A browser of the member's, subscribed at the local push service. */
async function subscribe(name: string) {
  const subscription = service.newSubscription();
  await savePushSubscription(db(), {
    actor: member(name),
    subscription,
    device: "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0",
  });
  return subscription;
}

beforeEach(async () => {
  service.received.length = 0;
  service.rejected.length = 0;
  // Each test starts with no devices and nothing left to send from the one before.
  await db().delete(pushSubscriptions);
  await db().update(deliveries).set({ status: "cancelled" }).where(eq(deliveries.status, "pending"));
  // Alice writes far more than a person could in a minute of the test's clock.
  await db().delete(rateLimits);
  await db()
    .update(users)
    .set({ pushChoice: "all", notificationsPausedUntil: null })
    .where(eq(users.workspaceId, acme.workspace.id));
});

const sweep = (now: Date) => runPushSweep(db(), { now, sender: service.sender });
const post = (from: string, conversationId: string, body: string, now = T0, extra = {}) =>
  postMessage(db(), {
    actor: member(from),
    conversationId,
    body,
    clientMessageId: randomUUID(),
    now,
    ...extra,
  });

/** A thread of Alice's with these teammates, its first message already read by them. */
async function thread(names: string[]) {
  const { conversationId } = await startTestConversation(db(), {
    from: member("Alice Admin"),
    to: names.map((name) => member(name).userId),
  });
  for (const name of names) await markRead(db(), { viewer: member(name), conversationId, seq: 1 });
  return conversationId;
}

/** A message's deliveries on a channel, as recipient name → status. */
async function planned(messageId: string, channel: "push" | "live") {
  const rows = await db()
    .select({ name: users.name, status: deliveries.status, dueAt: deliveries.dueAt })
    .from(deliveries)
    .innerJoin(users, eq(users.id, deliveries.recipientUserId))
    .where(and(eq(deliveries.messageId, messageId), eq(deliveries.channel, channel)));
  return Object.fromEntries(rows.map((row) => [row.name, row.status]));
}

const pushOf = (messageId: string, name: string) =>
  db()
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.messageId, messageId),
        eq(deliveries.channel, "push"),
        eq(deliveries.recipientUserId, member(name).userId),
      ),
    )
    .then((rows) => rows[0]);

const payloads = () => service.received.map((push) => JSON.parse(push.payload));

describe("planning pushes", () => {
  it("plans a push for a recipient with a device who is not connected; a connected one is shown it live", async () => {
    await subscribe("Bob Builder");
    await subscribe("Dave Online");
    await recordHeartbeat(db(), { actor: member("Dave Online"), now: at(-30) });
    const conversationId = await thread(["Bob Builder", "Carol Chen", "Dave Online"]);
    const { messageId } = await post("Alice Admin", conversationId, "Lunch?");
    // Carol has no device; Alice wrote it; Dave is connected, so the bubble does the job.
    expect(await planned(messageId, "push")).toEqual({ "Bob Builder": "pending" });
    expect(await planned(messageId, "live")).toEqual({ "Dave Online": "sent" });
    expect((await pushOf(messageId, "Bob Builder"))?.dueAt).toEqual(T0);
  });

  it("follows the push choice, the mute, and a mention through the mute", async () => {
    await subscribe("Bob Builder");
    await subscribe("Carol Chen");
    const conversationId = await thread(["Bob Builder", "Carol Chen"]);
    await db()
      .update(users)
      .set({ pushChoice: "none" })
      .where(eq(users.id, member("Carol Chen").userId));
    await db()
      .update(participants)
      .set({ muted: true })
      .where(
        and(
          eq(participants.conversationId, conversationId),
          eq(participants.userId, member("Bob Builder").userId),
        ),
      );
    const quiet = await post("Alice Admin", conversationId, "Anyone?");
    expect(await planned(quiet.messageId, "push")).toEqual({});
    const mention = await post("Alice Admin", conversationId, "@Bob Builder look", T0, {
      mentionIds: [member("Bob Builder").userId],
    });
    expect(await planned(mention.messageId, "push")).toEqual({ "Bob Builder": "pending" });
  });

  it("with Only direct conversations and mentions, pushes a conversation of two but not a group's", async () => {
    await subscribe("Bob Builder");
    await db()
      .update(users)
      .set({ pushChoice: "direct" })
      .where(eq(users.id, member("Bob Builder").userId));
    const direct = await post("Alice Admin", await thread(["Bob Builder"]), "Just you");
    expect(await planned(direct.messageId, "push")).toEqual({ "Bob Builder": "pending" });
  });
});

describe("the push sweep", () => {
  it("sends the push signed and encrypted, with the sender, a preview, the thread's link and tag", async () => {
    const device = await subscribe("Bob Builder");
    const conversationId = await thread(["Bob Builder"]);
    const { messageId } = await post("Alice Admin", conversationId, "The  build\nis green");
    // The thread's first message, which Bob has read, is cancelled with it.
    expect(await sweep(at(1))).toEqual({ sent: 1, retrying: 0, failed: 0, cancelled: 1 });
    expect(service.rejected).toEqual([]);
    expect(service.received.map((push) => push.endpoint)).toEqual([device.endpoint]);
    expect(payloads()).toEqual([
      {
        title: "Alice Admin",
        body: "The build is green",
        url: `/messenger/c/${conversationId}`,
        tag: conversationId,
      },
    ]);
    expect(service.received[0]?.topic).toBe(conversationId.replaceAll("-", ""));
    const delivery = await pushOf(messageId, "Bob Builder");
    expect(delivery?.status).toBe("sent");
    // When the push service answered, on the sweep's clock.
    expect(delivery?.sentAt?.getTime()).toBeGreaterThanOrEqual(at(1).getTime());
    expect(delivery?.sentAt?.getTime()).toBeLessThan(at(30).getTime());
    // A push is a notification, not a read.
    const [bob] = await db()
      .select({ lastReadSeq: participants.lastReadSeq })
      .from(participants)
      .where(
        and(
          eq(participants.conversationId, conversationId),
          eq(participants.userId, member("Bob Builder").userId),
        ),
      );
    expect(bob?.lastReadSeq).toBe(1);
    // Sent once: a second sweep finds nothing.
    expect(await sweep(at(2))).toEqual({ sent: 0, retrying: 0, failed: 0, cancelled: 0 });
    expect(service.received).toHaveLength(1);
  });

  it("cancels a push about a message seen first, or deleted first", async () => {
    await subscribe("Bob Builder");
    const conversationId = await thread(["Bob Builder"]);
    const seen = await post("Alice Admin", conversationId, "Seen in time");
    await markRead(db(), { viewer: member("Bob Builder"), conversationId, seq: seen.seq });
    const deleted = await post("Alice Admin", await thread(["Bob Builder"]), "Oops");
    await deleteMessage(db(), { actor: member("Alice Admin"), messageId: deleted.messageId, now: T0 });
    await sweep(at(1));
    expect(service.received).toEqual([]);
    expect(await pushOf(seen.messageId, "Bob Builder")).toMatchObject({
      status: "cancelled",
      lastError: "seen",
    });
    expect(await pushOf(deleted.messageId, "Bob Builder")).toMatchObject({
      status: "cancelled",
      lastError: "message deleted",
    });
  });

  it("sends one push per thread, to every device, about its latest message", async () => {
    const phone = await subscribe("Bob Builder");
    const laptop = await subscribe("Bob Builder");
    const conversationId = await thread(["Bob Builder"]);
    await post("Alice Admin", conversationId, "One");
    await post("Alice Admin", conversationId, "Two");
    expect((await sweep(at(1))).sent).toBe(1);
    expect(service.received.map((push) => push.endpoint).sort()).toEqual(
      [phone.endpoint, laptop.endpoint].sort(),
    );
    expect(payloads().map((payload) => payload.body)).toEqual(["Two (+1 more)", "Two (+1 more)"]);
  });

  it("holds pushes through a pause and sends what is still unseen when it ends", async () => {
    await subscribe("Bob Builder");
    await db()
      .update(users)
      .set({ notificationsPausedUntil: at(3600) })
      .where(eq(users.id, member("Bob Builder").userId));
    const conversationId = await thread(["Bob Builder"]);
    const { messageId } = await post("Alice Admin", conversationId, "During the pause");
    await sweep(at(60));
    expect(service.received).toEqual([]);
    expect(await pushOf(messageId, "Bob Builder")).toMatchObject({ status: "pending" });
    await sweep(at(3601));
    expect(payloads().map((payload) => payload.body)).toEqual(["During the pause"]);
  });

  it("re-checks the member's choice when sending: turned off meanwhile, nothing goes", async () => {
    await subscribe("Bob Builder");
    const { messageId } = await post("Alice Admin", await thread(["Bob Builder"]), "Changed my mind");
    await db()
      .update(users)
      .set({ pushChoice: "none" })
      .where(eq(users.id, member("Bob Builder").userId));
    await sweep(at(1));
    expect(service.received).toEqual([]);
    expect(await pushOf(messageId, "Bob Builder")).toMatchObject({
      status: "cancelled",
      lastError: "push turned off",
    });
  });

  it("sends a retry in its wait with the newer message of the thread, never after it", async () => {
    await subscribe("Bob Builder");
    const conversationId = await thread(["Bob Builder"]);
    const older = await post("Alice Admin", conversationId, "Older");
    service.answerNext(500);
    expect(await sweep(at(1))).toMatchObject({ retrying: 1 });
    const newer = await post("Alice Admin", conversationId, "Newer", at(5));
    expect(await sweep(at(6))).toMatchObject({ sent: 1, retrying: 0 });
    expect(payloads().map((payload) => payload.body)).toEqual(["Newer (+1 more)"]);
    for (const { messageId } of [older, newer])
      expect(await pushOf(messageId, "Bob Builder")).toMatchObject({ status: "sent" });
    // The older one's retry time comes and goes: nothing more.
    await sweep(at(600));
    expect(service.received).toHaveLength(1);
  });

  it("a sweep that dies while pushing loses nothing: once its lease runs out, the next one sends", async () => {
    await subscribe("Bob Builder");
    const { messageId } = await post("Alice Admin", await thread(["Bob Builder"]), "Survives a crash");
    const dying: PushSender = async () => {
      throw new Error("the process died");
    };
    await expect(runPushSweep(db(), { now: at(1), sender: dying })).rejects.toThrow("the process died");
    expect(await pushOf(messageId, "Bob Builder")).toMatchObject({ status: "queued", attempts: 1 });
    // Another sweep meanwhile leaves it to the one that took it.
    expect(await sweep(at(60))).toMatchObject({ sent: 0 });
    expect(await sweep(at(1 + 5 * 60 + 1))).toMatchObject({ sent: 1 });
    expect(payloads().map((payload) => payload.body)).toEqual(["Survives a crash"]);
  });

  it("a second sweep while the first waits on a slow push service sends nothing twice", async () => {
    await subscribe("Bob Builder");
    await post("Alice Admin", await thread(["Bob Builder"]), "Slow service");
    const slow: PushSender = async (target, payload) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      return service.sender(target, payload);
    };
    const first = runPushSweep(db(), { now: at(1), sender: slow });
    await new Promise((resolve) => setTimeout(resolve, 150));
    // Three minutes on, by the second sweep's clock, the first still holds its claim.
    const second = await sweep(at(181));
    expect((await first).sent).toBe(1);
    expect(second.sent).toBe(0);
    expect(service.received).toHaveLength(1);
  });

  it("two sweeps at once send each push once", async () => {
    await subscribe("Bob Builder");
    const messages = [];
    for (let i = 0; i < 12; i++)
      messages.push(await post("Alice Admin", await thread(["Bob Builder"]), `m${i}`));
    await Promise.all([sweep(at(1)), sweep(at(1)), sweep(at(1))]);
    expect(
      payloads()
        .map((payload) => payload.body)
        .sort(),
    ).toEqual(messages.map((_, i) => `m${i}`).sort());
  });
});

describe("push failures", () => {
  it("removes a device its push service says is gone (404, 410), and cancels when none is left", async () => {
    for (const status of [404, 410]) {
      await subscribe("Bob Builder");
      const { messageId } = await post("Alice Admin", await thread(["Bob Builder"]), `gone ${status}`);
      service.answerNext(status);
      expect(await sweep(at(1))).toMatchObject({ sent: 0, retrying: 0, failed: 0 });
      expect(await db().select().from(pushSubscriptions)).toEqual([]);
      expect(await pushOf(messageId, "Bob Builder")).toMatchObject({
        status: "cancelled",
        lastError: "no device",
      });
    }
  });

  it("keeps the push for the devices still there when one is gone", async () => {
    const gone = await subscribe("Bob Builder");
    const kept = await subscribe("Bob Builder");
    await post("Alice Admin", await thread(["Bob Builder"]), "Still here");
    service.gone(gone.endpoint);
    expect(await sweep(at(1))).toMatchObject({ sent: 1 });
    expect((await db().select().from(pushSubscriptions)).map((row) => row.endpoint)).toEqual([kept.endpoint]);
  });

  it("retries a 429 after the service's Retry-After and a 5xx with backoff, then marks it failed", async () => {
    await subscribe("Bob Builder");
    const { messageId } = await post("Alice Admin", await thread(["Bob Builder"]), "Busy");
    service.answerNext(429);
    expect(await sweep(at(1))).toMatchObject({ retrying: 1 });
    const first = await pushOf(messageId, "Bob Builder");
    expect(first).toMatchObject({ status: "pending", attempts: 1 });
    expect(first?.lastError).toMatch(/429/);
    expect(first?.dueAt.getTime()).toBeGreaterThanOrEqual(at(1 + RETRY_AFTER_SECONDS).getTime());
    // Not due again before then.
    await sweep(at(60));
    expect(service.received).toEqual([]);

    let now = first?.dueAt as Date;
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      service.answerNext(500);
      await sweep(now);
      const row = await pushOf(messageId, "Bob Builder");
      expect(row?.attempts).toBe(attempt);
      if (attempt < MAX_ATTEMPTS) {
        expect(row?.status).toBe("pending");
        now = row?.dueAt as Date;
      } else expect(row).toMatchObject({ status: "failed", lastError: expect.stringMatching(/500/) });
    }
    expect(service.received).toEqual([]);
  });

  it("fails at once on any other refusal, such as a key the push service does not take", async () => {
    await subscribe("Bob Builder");
    const { messageId } = await post("Alice Admin", await thread(["Bob Builder"]), "Wrong key");
    const stranger = { ...webpush.generateVAPIDKeys(), subject: "mailto:someone@else.test" };
    await runPushSweep(db(), { now: at(1), sender: webPushSender(stranger, { agent: service.agent }) });
    expect(await pushOf(messageId, "Bob Builder")).toMatchObject({
      status: "failed",
      lastError: expect.stringMatching(/403/),
    });
  });
});
