import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliveries, emailBatches, emailOutbox } from "@/db/schema";
import { openEmailSweep } from "@/db/testing";
import { deleteMessage, editMessage } from "@/lib/conversations/change-message";
import { setMuted } from "@/lib/conversations/mute";
import { postMessage } from "@/lib/conversations/post-message";
import {
  pauseNotifications,
  resumeNotifications,
  updateNotificationSettings,
} from "@/lib/settings/notification-settings";
import { batchDueDeliveries } from "./email-sweep";
import { setEmailSubscription, unsubscribeToken } from "./unsubscribe-links";

const mail = openEmailSweep();
const { afterSeconds: at } = mail.clock;
const links = { appUrl: "http://app.test" };
const SECRET = process.env.AUTH_SECRET as string;

/** Alice writes "one" to Bob at the start and `more` after it, a second apart. */
async function aliceWrites(more: string[] = []) {
  const first = await mail.toBob(`one ${randomUUID()}`);
  const later = [];
  for (const [index, body] of more.entries())
    later.push(
      await postMessage(mail.db(), {
        actor: mail.alice,
        conversationId: first.conversationId,
        body,
        clientMessageId: randomUUID(),
        now: at(index + 1),
      }),
    );
  return { first, later };
}

/** The emails written for this conversation, not yet sent, with their batches. */
const outboxOf = async (messageId: string) =>
  mail
    .db()
    .select({ email: emailOutbox, batch: emailBatches })
    .from(deliveries)
    .innerJoin(emailOutbox, eq(emailOutbox.id, deliveries.carrierId))
    .innerJoin(emailBatches, eq(emailBatches.id, emailOutbox.batchId))
    .where(eq(deliveries.messageId, messageId));

describe("a deleted message and the emails that quote it", () => {
  it("is never emailed when deleted before the sweep", async () => {
    const { first } = await aliceWrites();
    await deleteMessage(mail.db(), { actor: mail.alice, messageId: first.messageId, now: at(30), links });
    await mail.sweep(61);
    expect(mail.fake.requests).toEqual([]);
  });

  it("drops out of an email written but not yet sent, which goes with the rest", async () => {
    const { first, later } = await aliceWrites(["two, with a typo", "three"]);
    await batchDueDeliveries(mail.db(), at(61), links);
    const [queued] = await outboxOf(first.messageId);
    expect(queued?.email.text).toContain("two, with a typo");

    const two = later[0]?.messageId ?? "";
    await deleteMessage(mail.db(), { actor: mail.alice, messageId: two, now: at(62), links });
    const [rewritten] = await outboxOf(first.messageId);
    expect(rewritten?.email.id).toBe(queued?.email.id);
    expect(rewritten?.email.text).not.toContain("two, with a typo");
    expect(rewritten?.email.subject).toBe("2 new messages from Alice Admin");
    // Still a notification: its one-click unsubscribe headers stay.
    expect(rewritten?.email.headers).toEqual(queued?.email.headers);
    expect(rewritten?.email.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");

    await mail.sweep(63);
    expect(mail.fake.accepted).toHaveLength(1);
    const [sent] = mail.fake.accepted;
    expect(sent?.text).toContain("three");
    expect(sent?.text).not.toContain("two, with a typo");
    expect(sent?.html).not.toContain("two, with a typo");
    expect(sent?.headers?.["List-Unsubscribe"]).toMatch(/^<http:\/\/app\.test\/unsubscribe\/[^>]+>$/);
    const [dropped] = await mail.db().select().from(deliveries).where(eq(deliveries.messageId, two));
    expect(dropped?.status).toBe("cancelled");
  });

  it("cancels an unsent email that quoted nothing else, and its batch", async () => {
    const { first } = await aliceWrites();
    await batchDueDeliveries(mail.db(), at(61), links);
    await deleteMessage(mail.db(), { actor: mail.alice, messageId: first.messageId, now: at(62), links });
    const [cancelled] = await outboxOf(first.messageId);
    expect(cancelled?.email.status).toBe("cancelled");
    expect(cancelled?.batch.status).toBe("cancelled");
    await mail.sweep(63);
    expect(mail.fake.requests).toEqual([]);
  });

  it("leaves an email the provider may already have as it is: its retry must be the same request", async () => {
    const { first } = await aliceWrites();
    mail.fake.answers.push(500);
    await mail.sweep(61);
    expect(mail.fake.requests).toHaveLength(1);
    await deleteMessage(mail.db(), { actor: mail.alice, messageId: first.messageId, now: at(62), links });
    const [kept] = await outboxOf(first.messageId);
    expect(kept?.batch.sendingStartedAt).not.toBeNull();
    expect(kept?.email.status).toBe("pending");
    await mail.sweep(200);
    expect(mail.fake.requests.map((request) => request.idempotencyKey)).toEqual([
      kept?.batch.id,
      kept?.batch.id,
    ]);
  });
});

describe("an edited message and email", () => {
  it("is emailed as it reads when the email is written, once, and the edit itself sends nothing", async () => {
    const { first } = await aliceWrites();
    await editMessage(mail.db(), {
      actor: mail.alice,
      messageId: first.messageId,
      body: "one, fixed",
      now: at(20),
    });
    await mail.sweep(61);
    await mail.sweep(300);
    expect(mail.fake.accepted).toHaveLength(1);
    expect(mail.fake.accepted[0]?.text).toContain("one, fixed");
  });
});

describe("an email written but not yet sent, when its recipient says no meanwhile", () => {
  const deliveriesOf = (conversationId: string) =>
    mail.db().select().from(deliveries).where(eq(deliveries.conversationId, conversationId));

  it.each([
    [
      "choosing None",
      () =>
        updateNotificationSettings(mail.db(), {
          actor: mail.bob,
          settings: { email: "none", push: "all", bubble: true, sound: true },
        }),
    ],
    [
      "muting the conversation",
      (conversationId: string) => setMuted(mail.db(), { actor: mail.bob, conversationId, muted: true }),
    ],
    [
      "the Unsubscribe link",
      () =>
        setEmailSubscription(mail.db(), {
          token: unsubscribeToken(
            { kind: "user", id: mail.bob.userId, workspaceId: mail.bob.workspaceId },
            SECRET,
          ),
          subscribed: false,
          secret: SECRET,
        }),
    ],
  ])("is not sent after %s", async (_, sayNo) => {
    const { first } = await aliceWrites();
    await batchDueDeliveries(mail.db(), at(61), links);
    expect((await outboxOf(first.messageId))[0]?.email.status).toBe("pending");
    try {
      await sayNo(first.conversationId);
      await mail.sweep(62);
      expect(mail.fake.requests).toEqual([]);
      expect((await deliveriesOf(first.conversationId)).map((row) => row.status)).toEqual(["cancelled"]);
    } finally {
      await updateNotificationSettings(mail.db(), {
        actor: mail.bob,
        settings: { email: "all", push: "all", bubble: true, sound: true },
      });
      await setMuted(mail.db(), { actor: mail.bob, conversationId: first.conversationId, muted: false });
    }
  });

  it("still goes, written again, when what changed still allows it", async () => {
    const { first } = await aliceWrites();
    await batchDueDeliveries(mail.db(), at(61), links);
    await pauseNotifications(mail.db(), { actor: mail.bob, until: at(3600), now: at(61) });
    try {
      await mail.sweep(62);
      expect(mail.fake.requests).toEqual([]);
      // The pause ends: it goes then, once.
      await mail.sweep(3601);
      expect((await deliveriesOf(first.conversationId)).map((row) => row.status)).toEqual(["sent"]);
      expect(mail.fake.accepted.map((email) => email.to[0])).toEqual(["bob.builder@acme.test"]);
    } finally {
      await resumeNotifications(mail.db(), { actor: mail.bob });
    }
  });
});
