import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliveries, emailOutbox, participants, users } from "@/db/schema";
import { openEmailSweep } from "@/db/testing";
import { postMessage } from "@/lib/conversations/post-message";
import { markRead } from "@/lib/conversations/read-state";
import { listOutbox } from "@/lib/email/outbox";
import { createItem } from "@/lib/items/create-item";
import { addFollowers } from "@/lib/items/followers";
import { pauseNotifications, resumeNotifications } from "@/lib/settings/notification-settings";

const mail = openEmailSweep();
const { afterSeconds: at } = mail.clock;

describe("the email fallback sweep", () => {
  it("emails nobody about a message seen in time", async () => {
    const { conversationId } = await mail.toBob("Seen quickly");
    await markRead(mail.db(), { viewer: mail.bob, conversationId, seq: 1 });
    await mail.sweep(61);
    expect(mail.fake.requests).toEqual([]);
    const [delivery] = await mail
      .db()
      .select()
      .from(deliveries)
      .where(eq(deliveries.conversationId, conversationId));
    expect(delivery?.status).toBe("cancelled");
  });

  it("emails an unseen message exactly once, after the delay and not before", async () => {
    await mail.toBob("Please look at ticket 42");
    await mail.sweep(59);
    expect(mail.fake.requests).toEqual([]);
    await mail.sweep(61);
    await mail.sweep(120);
    expect(mail.fake.accepted).toHaveLength(1);
    expect(mail.fake.accepted[0]?.to).toEqual(["bob.builder@acme.test"]);
    expect(mail.fake.accepted[0]?.text).toContain("Please look at ticket 42");
    expect(mail.fake.accepted[0]?.text).toContain("http://app.test/messenger/c/");
  });

  it("puts three unseen messages in one email", async () => {
    const { conversationId } = await mail.toBob("one");
    for (const [body, second] of [
      ["two", 10],
      ["three", 70],
    ] as const) {
      await postMessage(mail.db(), {
        actor: mail.alice,
        conversationId,
        body,
        clientMessageId: randomUUID(),
        now: at(second),
      });
    }
    await mail.sweep(61); // "three" is not due yet, but it is unseen: it goes in the same email
    expect(mail.fake.accepted).toHaveLength(1);
    expect(mail.fake.accepted[0]?.subject).toBe("3 new messages from Alice Admin");
    for (const body of ["one", "two", "three"]) expect(mail.fake.accepted[0]?.text).toContain(`${body}\n`);
    await mail.sweep(200);
    expect(mail.fake.accepted).toHaveLength(1);
  });

  it("never emails the author about their own message", async () => {
    const { conversationId } = await mail.toBob("from Alice");
    await markRead(mail.db(), { viewer: mail.bob, conversationId, seq: 1 });
    await postMessage(mail.db(), {
      actor: mail.bob,
      conversationId,
      body: "Bob's reply",
      clientMessageId: randomUUID(),
      now: at(5),
    });
    await mail.sweep(120);
    expect(mail.fake.accepted.map((email) => email.to[0])).toEqual(["alice.admin@acme.test"]);
  });

  it("does not email someone who turned email off or muted the conversation after the message", async () => {
    const { conversationId } = await mail.toBob("planned, then refused");
    await mail.db().update(users).set({ emailChoice: "none" }).where(eq(users.id, mail.bob.userId));
    await mail.sweep(61);
    await mail.db().update(users).set({ emailChoice: "all" }).where(eq(users.id, mail.bob.userId));

    const muted = await mail.toBob("planned, then muted");
    await mail
      .db()
      .update(participants)
      .set({ muted: true })
      .where(
        and(eq(participants.conversationId, muted.conversationId), eq(participants.userId, mail.bob.userId)),
      );
    await mail.sweep(61);

    expect(mail.fake.requests).toEqual([]);
    const statuses = await mail
      .db()
      .select({ status: deliveries.status })
      .from(deliveries)
      .where(inArray(deliveries.conversationId, [conversationId, muted.conversationId]));
    expect(statuses.map((row) => row.status)).toEqual(["cancelled", "cancelled"]);
  });

  it("keeps a notification email, which quotes internal messages, readable only by its recipient", async () => {
    const { conversationId } = await mail.toBob("internal detail");
    await mail.sweep(61);
    const [delivery] = await mail
      .db()
      .select()
      .from(deliveries)
      .where(eq(deliveries.conversationId, conversationId));
    const [email] = await mail
      .db()
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.id, delivery?.carrierId ?? ""));
    expect(email?.privateToUserId).toBe(mail.bob.userId);
    const adminSees = await listOutbox(mail.db(), { actor: mail.alice });
    expect(adminSees.map((row) => row.id)).not.toContain(email?.id);
  });

  it("sends each email once when sweeps run at the same time, over several batches", async () => {
    const texts = Array.from({ length: 120 }, (_, i) => `concurrent ${i}`);
    // One every 2 seconds up to the clock's start, as fast as the messages limit lets a person write.
    for (const [i, text] of texts.entries()) await mail.toBob(text, mail.clock.afterSeconds(-2 * (i + 1)));
    await Promise.all([mail.sweep(61), mail.sweep(61), mail.sweep(61)]);
    expect(mail.fake.accepted.map((email) => email.text.split("\n")[3]).sort()).toEqual(texts.sort());
    expect(mail.fake.requests.length).toBeGreaterThanOrEqual(2); // at most 100 emails a request
    expect(new Set(mail.fake.requests.map((request) => request.idempotencyKey)).size).toBe(
      mail.fake.requests.length,
    );
  });
});

describe("a member's email choice and pause", () => {
  const choose = (emailChoice: "all" | "direct" | "none") =>
    mail.db().update(users).set({ emailChoice }).where(eq(users.id, mail.bob.userId));
  const say = (conversationId: string, body: string, second: number) =>
    postMessage(mail.db(), {
      actor: mail.alice,
      conversationId,
      body,
      clientMessageId: randomUUID(),
      now: at(second),
    });

  it("Only direct conversations and mentions: an internal conversation and an item assigned to them, not one they only follow", async () => {
    await choose("direct");
    try {
      await mail.toBob("direct question");
      const assigned = await createItem(mail.db(), {
        actor: mail.alice,
        kind: "task",
        title: "Assigned to Bob",
        assigneeUserId: mail.bob.userId,
        now: mail.clock.start,
      });
      const followed = await createItem(mail.db(), {
        actor: mail.alice,
        kind: "task",
        title: "Followed by Bob",
        now: mail.clock.start,
      });
      await addFollowers(mail.db(), {
        actor: mail.alice,
        number: followed.number,
        userIds: [mail.bob.userId],
        now: at(1),
      });
      await say(assigned.conversationId, "on the assigned task", 2);
      await say(followed.conversationId, "on the followed task", 2);
      await mail.sweep(120);
      const toBob = mail.fake.accepted.filter((email) => email.to[0] === "bob.builder@acme.test");
      expect(
        toBob.map((email) => email.text.includes("direct question") || email.text.includes("assigned task")),
      ).toEqual([true, true]);
      expect(toBob.some((email) => email.text.includes("followed task"))).toBe(false);
    } finally {
      await choose("all");
    }
  });

  it("None: no email at all, even in a direct conversation", async () => {
    await choose("none");
    try {
      await mail.toBob("nobody reads this by email");
      await mail.sweep(120);
      expect(mail.fake.accepted).toEqual([]);
    } finally {
      await choose("all");
    }
  });

  it("a pause holds what falls due until it ends, then one email per conversation, without what was seen meanwhile", async () => {
    await pauseNotifications(mail.db(), { actor: mail.bob, until: at(300), now: mail.clock.start });
    try {
      const unseen = await mail.toBob("one");
      await say(unseen.conversationId, "two", 10);
      const seen = await mail.toBob("seen during the pause");
      await mail.sweep(61);
      await mail.sweep(299);
      expect(mail.fake.requests).toEqual([]);
      await markRead(mail.db(), { viewer: mail.bob, conversationId: seen.conversationId, seq: 1 });
      await mail.sweep(301);
      expect(mail.fake.accepted).toHaveLength(1);
      expect(mail.fake.accepted[0]?.subject).toBe("2 new messages from Alice Admin");
      const [cancelled] = await mail
        .db()
        .select({ status: deliveries.status })
        .from(deliveries)
        .where(eq(deliveries.conversationId, seen.conversationId));
      expect(cancelled?.status).toBe("cancelled");
    } finally {
      await resumeNotifications(mail.db(), { actor: mail.bob });
    }
  });

  it("resuming early lets what waited go at the next sweep", async () => {
    await pauseNotifications(mail.db(), { actor: mail.bob, until: at(3600), now: mail.clock.start });
    await mail.toBob("waiting");
    await mail.sweep(61);
    expect(mail.fake.requests).toEqual([]);
    await resumeNotifications(mail.db(), { actor: mail.bob });
    await mail.sweep(62);
    expect(mail.fake.accepted.map((email) => email.to[0])).toEqual(["bob.builder@acme.test"]);
  });
});
