import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { conversations, customers, emailOutbox, rateLimits, workspaceEmailRecipients } from "@/db/schema";
import {
  createFreshWorkspace,
  createTestDb,
  type FakeResendWithDriver,
  startFakeResendWithDriver,
  testClock,
} from "@/db/testing";
import { postMessage } from "@/lib/conversations/post-message";
import { startCustomerConversation } from "@/lib/conversations/start-conversation";
import { DomainError } from "@/lib/domain-error";
import { runEmailSweep } from "@/lib/notifications/email-sweep";
import { queueEmails, sendDueEmails } from "./mailer";
import { HELD_BACK, newAddressesPerHour } from "./new-address-quota";

const NEW_ADDRESSES_PER_HOUR = newAddressesPerHour();

let connection: Connection;
let fake: FakeResendWithDriver;
beforeAll(async () => {
  fake = await startFakeResendWithDriver();
  connection = await createTestDb();
});
afterAll(async () => {
  await fake.close();
  await connection.close();
});
const db = () => connection.db;

// 10:00 sharp: each clock hour is one window of the quota.
const { afterSeconds: at, afterMinutes } = testClock("2026-11-24T10:00:00Z");
const sweep = (now: Date) =>
  runEmailSweep(db(), { driver: fake.driver, now, appUrl: "http://app.test", secret: "s".repeat(32) });

/** A workspace of its own (the quota is per workspace), and `count` addresses it has never emailed. */
async function freshWorkspace() {
  const made = await createFreshWorkspace(connection, "quota", ["Alice Admin"]);
  const domain = `${made.workspace.slug}.example`;
  return {
    alice: made.member("Alice Admin"),
    workspaceId: made.workspace.id,
    addresses: (count: number, prefix = "p") =>
      Array.from({ length: count }, (_, i) => `${prefix}${i}@${domain}`),
    /** The emails the provider took to this workspace's addresses that mention `text`. */
    sent: (text: string) =>
      fake.accepted.filter(
        (email) => email.to.some((to) => to.endsWith(`@${domain}`)) && email.text.includes(text),
      ),
  };
}

type Workspace = Awaited<ReturnType<typeof freshWorkspace>>;
const writeTo = (ws: Workspace, emails: string[], body: string, now: Date) =>
  startCustomerConversation(db(), {
    actor: ws.alice,
    customerIds: [],
    newCustomerEmails: emails,
    userIds: [],
    body,
    clientMessageId: randomUUID(),
    now,
  });
const recipientsOf = (email: { to: string[] }[]) => email.flatMap((e) => e.to).sort();

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("the hourly quota of new addresses, up front", () => {
  it(`refuses a conversation with ${NEW_ADDRESSES_PER_HOUR + 1} new addresses and changes nothing; addresses emailed before do not count`, async () => {
    const ws = await freshWorkspace();
    const [known = "", ...others] = ws.addresses(NEW_ADDRESSES_PER_HOUR + 1);
    const error = await refusal(writeTo(ws, [known, ...others], "Hello all", at(0)));
    expect(error.code).toBe("rate_limited");
    expect(error.message).toBe(
      `This workspace can email ${NEW_ADDRESSES_PER_HOUR} new addresses an hour; add at most ${NEW_ADDRESSES_PER_HOUR} people it has not emailed before.`,
    );
    expect(await db().$count(customers, eq(customers.workspaceId, ws.workspaceId))).toBe(0);
    expect(await db().$count(conversations, eq(conversations.workspaceId, ws.workspaceId))).toBe(0);

    // Once the first address has had an email, the same 21 people are 20 new ones: allowed in
    // an hour with all 20 places free.
    await writeTo(ws, [known], "Hello you", at(1));
    await sweep(at(2));
    expect(recipientsOf(ws.sent("Hello you"))).toEqual([known]);
    await writeTo(ws, [known, ...others], "Hello all", afterMinutes(60));
  });

  it("refuses more new addresses than this hour has room for, with the wait, and changes nothing", async () => {
    const ws = await freshWorkspace();
    await writeTo(ws, ws.addresses(15, "first"), "Welcome", at(0));
    await sweep(at(1));
    expect(ws.sent("Welcome")).toHaveLength(15);

    const six = ws.addresses(6, "second");
    const error = await refusal(writeTo(ws, six, "Hi there", afterMinutes(26)));
    expect(error).toMatchObject({ code: "rate_limited", retryAfterSeconds: 34 * 60 });
    expect(error.message).toBe(
      `This workspace can email ${NEW_ADDRESSES_PER_HOUR} new addresses an hour, and 5 more this hour; try again in 34 minutes or add fewer people.`,
    );
    expect(await db().$count(customers, eq(customers.workspaceId, ws.workspaceId))).toBe(15);
    // Five fit; in the next hour, the sixth does too.
    await writeTo(ws, six.slice(0, 5), "Hi there", afterMinutes(27));
    await sweep(afterMinutes(27));
    await refusal(writeTo(ws, six.slice(5), "Hi there", afterMinutes(28)));
    await writeTo(ws, six.slice(5), "Hi there", afterMinutes(60));
  });

  it("takes its size from NEW_ADDRESSES_PER_HOUR", async () => {
    const ws = await freshWorkspace();
    process.env.NEW_ADDRESSES_PER_HOUR = "2";
    try {
      const error = await refusal(writeTo(ws, ws.addresses(3), "Hello", at(0)));
      expect(error.message).toContain("can email 2 new addresses an hour");
      await writeTo(ws, ws.addresses(2), "Hello", at(0));
    } finally {
      delete process.env.NEW_ADDRESSES_PER_HOUR;
    }
  });
});

describe("the hourly quota of new addresses, where mail is queued", () => {
  it("holds back mail to new addresses past the quota and sends it in the next hour, never a later email first", async () => {
    const ws = await freshWorkspace();
    // Both pass the check up front, because nothing was queued yet: the mailer holds the line.
    const a = ws.addresses(14, "a");
    const b = ws.addresses(10, "b");
    const withA = await writeTo(ws, a, "First to A", at(0));
    const withB = await writeTo(ws, b, "First to B", at(0));
    await sweep(at(1));
    const firstSent = recipientsOf([...ws.sent("First to A"), ...ws.sent("First to B")]);
    expect(firstSent).toHaveLength(NEW_ADDRESSES_PER_HOUR);
    const held = [...a, ...b].filter((address) => !firstSent.includes(address)).sort();
    expect(held).toHaveLength(4);
    const waiting = await db()
      .select({ to: emailOutbox.to, status: emailOutbox.status, lastError: emailOutbox.lastError })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.workspaceId, ws.workspaceId), eq(emailOutbox.status, "pending")));
    expect(waiting.map((email) => email.to).sort()).toEqual(held);
    expect(waiting.every((email) => email.lastError === HELD_BACK)).toBe(true);

    // A reply to everyone: those emailed before get it at once, past the quota; the held ones
    // get nothing before their first email.
    for (const { conversationId } of [withA, withB])
      await postMessage(db(), {
        actor: ws.alice,
        conversationId,
        body: "Follow-up",
        clientMessageId: randomUUID(),
        now: afterMinutes(5),
      });
    await sweep(afterMinutes(6));
    expect(recipientsOf(ws.sent("Follow-up"))).toEqual(firstSent);
    await sweep(at(3599));
    expect(recipientsOf(ws.sent("First to"))).toEqual(firstSent);

    // The next hour: the held addresses get both, nothing is lost.
    await sweep(at(3600));
    expect(recipientsOf(ws.sent("First to")).sort()).toEqual([...a, ...b].sort());
    expect(recipientsOf(ws.sent("Follow-up")).sort()).toEqual([...a, ...b].sort());
    const recorded = await db()
      .select()
      .from(workspaceEmailRecipients)
      .where(eq(workspaceEmailRecipients.workspaceId, ws.workspaceId));
    expect(recorded.map((row) => row.email).sort()).toEqual([...a, ...b].sort());
    expect(recorded.filter((row) => row.firstEmailedAt.getTime() === at(3600).getTime())).toHaveLength(4);
  });

  it("keeps the quota when sweeps run at the same time", async () => {
    const ws = await freshWorkspace();
    await writeTo(ws, ws.addresses(15, "x"), "Hello X", at(0));
    await writeTo(ws, ws.addresses(15, "y"), "Hello Y", at(0));
    await Promise.all([sweep(at(1)), sweep(at(1)), sweep(at(1))]);
    expect([...ws.sent("Hello X"), ...ws.sent("Hello Y")]).toHaveLength(NEW_ADDRESSES_PER_HOUR);
    const [counter] = await db()
      .select({ hits: rateLimits.hits })
      .from(rateLimits)
      .where(and(eq(rateLimits.key, `new-addresses:${ws.workspaceId}`), eq(rateLimits.windowStart, at(0))));
    expect(counter?.hits).toBe(NEW_ADDRESSES_PER_HOUR);
  });

  it("sends mail the recipient asked for at once, without counting it, and without making the address known", async () => {
    const ws = await freshWorkspace();
    await writeTo(ws, ws.addresses(NEW_ADDRESSES_PER_HOUR - 1), "Welcome", at(0));
    await sweep(at(1));
    const email = (to: string, text: string, requestedByRecipient?: boolean) => ({
      to,
      workspaceId: ws.workspaceId,
      subject: "Sign in",
      html: `<p>${text}</p>`,
      text,
      requestedByRecipient,
    });
    const send = async (emails: ReturnType<typeof email>[], seconds: number) => {
      await queueEmails(db(), emails, at(seconds));
      await sendDueEmails(db(), { driver: fake.driver, now: at(seconds) });
    };
    const [asker = "", last = "", extra = ""] = ws.addresses(3, "new");
    // A sign-in link to a new address goes, and leaves the one place left this hour free...
    await send([email(asker, "Your sign-in link", true)], 2);
    expect(recipientsOf(ws.sent("Your sign-in link"))).toEqual([asker]);
    await send([email(last, "Last place")], 3);
    expect(recipientsOf(ws.sent("Last place"))).toEqual([last]);
    // ...which is now taken: the next new address waits, and so does other mail to the one who
    // asked: asking for a link proves nothing (anyone may ask in a stranger's name); using it does.
    await send([email(extra, "Over the quota"), email(asker, "Your reply")], 4);
    expect(ws.sent("Over the quota")).toEqual([]);
    expect(ws.sent("Your reply")).toEqual([]);
  });
});
