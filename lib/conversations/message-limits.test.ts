import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversations, deliveries, messages } from "@/db/schema";
import { openCustomerWorkspaces, recordEvents, testClock } from "@/db/testing";
import { DomainError } from "@/lib/domain-error";
import { messagesPerMinute, postMessage } from "./post-message";
import {
  CUSTOMER_CONVERSATIONS_PER_HOUR,
  startConversationAsCustomer,
  startCustomerConversation,
} from "./start-conversation";

const acme = openCustomerWorkspaces();
const { db } = acme;
const recorder = recordEvents();
const id = () => randomUUID();

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

/** Everything a send could leave behind: its messages, its deliveries and its conversations. */
const footprint = async () => ({
  messages: await db().$count(messages),
  deliveries: await db().$count(deliveries),
  conversations: await db().$count(conversations),
});

describe("messages per person per minute", () => {
  it("refuses a team member's 31st message in a minute with the wait, and stores, plans and announces nothing", async () => {
    // Each test has a minute of its own on the test clock.
    const { afterSeconds: at } = testClock("2026-11-24T10:00:00Z");
    const { conversationId } = await startCustomerConversation(db(), {
      actor: acme.alice,
      customerIds: [acme.dana.customerId],
      userIds: [acme.bob.userId],
      body: "Message 1",
      clientMessageId: id(),
      now: at(0),
    });
    for (let n = 2; n <= messagesPerMinute().max; n++)
      await postMessage(db(), {
        actor: acme.alice,
        conversationId,
        body: `Message ${n}`,
        clientMessageId: id(),
        now: at(n),
      });
    const before = await footprint();
    recorder.clear();

    const error = await refusal(
      postMessage(db(), {
        actor: acme.alice,
        conversationId,
        body: "One too many",
        clientMessageId: id(),
        now: at(45),
      }),
    );
    expect(error.code).toBe("rate_limited");
    expect(error.retryAfterSeconds).toBe(15);
    expect(error.message).toBe(
      "You are sending messages faster than anyone can read them. Try again in 15 seconds.",
    );
    expect(await footprint()).toEqual(before);
    expect(recorder.events).toEqual([]);

    // The next minute, the same text goes.
    const sent = await postMessage(db(), {
      actor: acme.alice,
      conversationId,
      body: "One too many",
      clientMessageId: id(),
      now: at(60),
    });
    expect(sent.conversationId).toBe(conversationId);
  });

  it("refuses a customer's 31st message in a minute, and holds back nobody else in the conversation", async () => {
    const { afterSeconds: at } = testClock("2026-11-24T11:00:00Z");
    const { conversationId } = await acme.withDana("Hello Dana");
    const post = (actor: typeof acme.dana | typeof acme.alice, body: string, seconds: number) =>
      postMessage(db(), { actor, conversationId, body, clientMessageId: id(), now: at(seconds) });
    for (let n = 1; n <= messagesPerMinute().max; n++) await post(acme.dana, `Dana ${n}`, n);
    const before = await db().$count(messages, eq(messages.conversationId, conversationId));
    const error = await refusal(post(acme.dana, "Dana 31", 50));
    expect(error).toMatchObject({ code: "rate_limited", retryAfterSeconds: 10 });
    expect(await db().$count(messages, eq(messages.conversationId, conversationId))).toBe(before);
    // The limit is Dana's own: Bob, in the same conversation and minute, is not held back by it.
    await post(acme.bob, "Bob replies", 51);
  });

  it("answers a retry of a stored send with its message even past the limit, and does not count it", async () => {
    const { afterSeconds: at } = testClock("2026-11-24T12:00:00Z");
    const { conversationId } = await acme.withDana("Retries");
    const fill = async (count: number, clock: (seconds: number) => Date) => {
      for (let n = 1; n <= count; n++)
        await postMessage(db(), {
          actor: acme.dana,
          conversationId,
          body: `${n}`,
          clientMessageId: id(),
          now: clock(n),
        });
    };
    const first = { actor: acme.dana, conversationId, body: "Did this go?", clientMessageId: id() };
    const stored = await postMessage(db(), { ...first, now: at(0) });
    await fill(messagesPerMinute().max - 1, at);
    const over = { actor: acme.dana, conversationId, body: "new", clientMessageId: id(), now: at(40) };
    await expect(postMessage(db(), over)).rejects.toMatchObject({ code: "rate_limited" });

    recorder.clear();
    expect(await postMessage(db(), { ...first, now: at(41) })).toEqual(stored);
    expect(recorder.events).toEqual([]);

    // The next minute: 29 sends and three retries of the stored one, which use nothing up; then
    // two attempts of the same 30th send at once, which both answer with the one message stored.
    const { afterSeconds: later } = testClock("2026-11-24T12:01:00Z");
    await fill(messagesPerMinute().max - 1, later);
    for (const seconds of [40, 41, 42])
      expect(await postMessage(db(), { ...first, now: later(seconds) })).toEqual(stored);
    const last = {
      actor: acme.dana,
      conversationId,
      body: "Last one",
      clientMessageId: id(),
      now: later(50),
    };
    const [a, b] = await Promise.all([postMessage(db(), last), postMessage(db(), last)]);
    expect(a).toEqual(b);
    expect(await db().$count(messages, eq(messages.clientMessageId, last.clientMessageId))).toBe(1);
  });

  it("takes its size from MESSAGES_PER_MINUTE", async () => {
    const { afterSeconds: at } = testClock("2026-11-24T12:30:00Z");
    const { conversationId } = await acme.withDana("Configured");
    const send = (seconds: number) =>
      postMessage(db(), {
        actor: acme.dana,
        conversationId,
        body: "Hi",
        clientMessageId: id(),
        now: at(seconds),
      });
    process.env.MESSAGES_PER_MINUTE = "2";
    try {
      await send(1);
      await send(2);
      await expect(send(3)).rejects.toMatchObject({ code: "rate_limited" });
    } finally {
      delete process.env.MESSAGES_PER_MINUTE;
    }
  });
});

describe("new conversations per customer per hour", () => {
  it("refuses the 11th conversation a customer starts in an hour, with the wait, and stores nothing", async () => {
    const { afterMinutes: at } = testClock("2026-11-24T13:00:00Z");
    const start = (body: string, minutes: number, clientMessageId = id()) =>
      startConversationAsCustomer(db(), { actor: acme.erin, body, clientMessageId, now: at(minutes) });
    const sends = Array.from({ length: CUSTOMER_CONVERSATIONS_PER_HOUR.max }, () => id());
    const ids: string[] = [];
    for (const [n, clientMessageId] of sends.entries())
      ids.push((await start(`Question ${n + 1}`, n + 1, clientMessageId)).conversationId);
    const before = await footprint();

    const error = await refusal(start("Question 11", 26));
    expect(error.code).toBe("rate_limited");
    expect(error.retryAfterSeconds).toBe(34 * 60);
    expect(error.message).toBe(
      "You have started many conversations this hour. You can still reply in the ones you have. Try again in 34 minutes.",
    );
    expect(await footprint()).toEqual(before);

    // A retry of a conversation already started is its answer, not a new one.
    const retried = await start("Question 10", 27, sends[9]);
    expect(retried.conversationId).toBe(ids[9]);
    // Replying in one she has is not starting one; the next hour she may start again.
    await postMessage(db(), {
      actor: acme.erin,
      conversationId: ids[0] as string,
      body: "One more thing",
      clientMessageId: id(),
      now: at(28),
    });
    expect((await start("Question 11", 60)).conversationId).not.toBe(ids[9]);
  });
});
