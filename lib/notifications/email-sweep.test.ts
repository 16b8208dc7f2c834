import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { deliveries, emailOutbox, participants, users } from "@/db/schema";
import {
  createTestDb,
  createWorkspace,
  type FakeResendWithDriver,
  startFakeResendWithDriver,
  testClock,
} from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { postMessage } from "@/lib/conversations/post-message";
import { markRead } from "@/lib/conversations/read-state";
import { startInternalConversation } from "@/lib/conversations/start-conversation";
import type { EmailDriver } from "@/lib/email/driver";
import { HANG, REFUSED_DOMAIN, RETRY_AFTER_SECONDS } from "@/lib/email/fake-resend";
import { queueEmails, sendDueEmails } from "@/lib/email/mailer";
import { listOutbox } from "@/lib/email/outbox";
import { runEmailSweep } from "./email-sweep";

let fake: FakeResendWithDriver;
let driver: EmailDriver;
let connection: Connection & { url?: string };
let alice: TeamActor;
let bob: TeamActor;
const { start: T0, afterSeconds: at } = testClock();
const sweep = (seconds: number) =>
  runEmailSweep(connection.db, { driver, now: at(seconds), appUrl: "http://app.test" });

beforeAll(async () => {
  fake = await startFakeResendWithDriver({ from: "Acme <help@acme.test>" });
  driver = fake.driver;

  connection = await createTestDb();
  const acme = await createWorkspace(connection, { slug: "acme", team: ["Alice Admin", "Bob Builder"] });
  [alice, bob] = [acme.member("Alice Admin"), acme.member("Bob Builder")];
});
afterAll(async () => {
  await fake.close();
  await connection.close();
});
beforeEach(async () => {
  // Each test starts at T0 with nothing pending from the one before.
  await runEmailSweep(connection.db, { driver, now: at(100_000), appUrl: "http://app.test" });
  fake.reset();
});

const toBob = (body: string) =>
  startInternalConversation(connection.db, {
    actor: alice,
    participantIds: [bob.userId],
    body,
    clientMessageId: randomUUID(),
    now: T0,
  });

describe("the email fallback sweep", () => {
  it("emails nobody about a message seen in time", async () => {
    const { conversationId } = await toBob("Seen quickly");
    await markRead(connection.db, { viewer: bob, conversationId, seq: 1 });
    await sweep(61);
    expect(fake.requests).toEqual([]);
    const [delivery] = await connection.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.conversationId, conversationId));
    expect(delivery?.status).toBe("cancelled");
  });

  it("emails an unseen message exactly once, after the delay and not before", async () => {
    await toBob("Please look at ticket 42");
    await sweep(59);
    expect(fake.requests).toEqual([]);
    await sweep(61);
    await sweep(120);
    expect(fake.accepted).toHaveLength(1);
    expect(fake.accepted[0]?.to).toEqual(["bob.builder@acme.test"]);
    expect(fake.accepted[0]?.text).toContain("Please look at ticket 42");
    expect(fake.accepted[0]?.text).toContain("http://app.test/messenger/c/");
  });

  it("puts three unseen messages in one email", async () => {
    const { conversationId } = await toBob("one");
    for (const [body, second] of [
      ["two", 10],
      ["three", 70],
    ] as const) {
      await postMessage(connection.db, {
        actor: alice,
        conversationId,
        body,
        clientMessageId: randomUUID(),
        now: at(second),
      });
    }
    await sweep(61); // "three" is not due yet, but it is unseen: it goes in the same email
    expect(fake.accepted).toHaveLength(1);
    expect(fake.accepted[0]?.subject).toBe("3 new messages from Alice Admin");
    for (const body of ["one", "two", "three"]) expect(fake.accepted[0]?.text).toContain(`${body}\n`);
    await sweep(200);
    expect(fake.accepted).toHaveLength(1);
  });

  it("never emails the author about their own message", async () => {
    const { conversationId } = await toBob("from Alice");
    await markRead(connection.db, { viewer: bob, conversationId, seq: 1 });
    await postMessage(connection.db, {
      actor: bob,
      conversationId,
      body: "Bob's reply",
      clientMessageId: randomUUID(),
      now: at(5),
    });
    await sweep(120);
    expect(fake.accepted.map((email) => email.to[0])).toEqual(["alice.admin@acme.test"]);
  });

  it("does not email someone who turned email off or muted the conversation after the message", async () => {
    const { conversationId } = await toBob("planned, then refused");
    await connection.db.update(users).set({ notifyEmail: false }).where(eq(users.id, bob.userId));
    await sweep(61);
    await connection.db.update(users).set({ notifyEmail: true }).where(eq(users.id, bob.userId));

    const muted = await toBob("planned, then muted");
    await connection.db
      .update(participants)
      .set({ muted: true })
      .where(and(eq(participants.conversationId, muted.conversationId), eq(participants.userId, bob.userId)));
    await sweep(61);

    expect(fake.requests).toEqual([]);
    const statuses = await connection.db
      .select({ status: deliveries.status })
      .from(deliveries)
      .where(inArray(deliveries.conversationId, [conversationId, muted.conversationId]));
    expect(statuses.map((row) => row.status)).toEqual(["cancelled", "cancelled"]);
  });

  it("keeps a notification email, which quotes internal messages, readable only by its recipient", async () => {
    const { conversationId } = await toBob("internal detail");
    await sweep(61);
    const [delivery] = await connection.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.conversationId, conversationId));
    const [email] = await connection.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.id, delivery?.carrierId ?? ""));
    expect(email?.privateToUserId).toBe(bob.userId);
    const adminSees = await listOutbox(connection.db, { actor: alice });
    expect(adminSees.map((row) => row.id)).not.toContain(email?.id);
  });

  it("retries a 500 with the same idempotency key and sends one email", async () => {
    await toBob("flaky provider");
    fake.answers.push(500);
    await sweep(61);
    expect(fake.requests).toHaveLength(1);
    expect(fake.accepted).toHaveLength(0);
    await sweep(70); // the retry waits 30 s
    expect(fake.requests).toHaveLength(1);
    await sweep(92);
    expect(fake.accepted).toHaveLength(1);
    expect(fake.requests[0]?.idempotencyKey).toBeTruthy();
    expect(fake.requests[1]?.idempotencyKey).toBe(fake.requests[0]?.idempotencyKey);
  });

  it("fails a 422 at once, with no retry, and keeps the error for admins", async () => {
    const { conversationId } = await toBob("bad address");
    fake.answers.push(422);
    await sweep(61);
    await sweep(1_000);
    expect(fake.requests).toHaveLength(1);
    const [delivery] = await connection.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.conversationId, conversationId));
    expect(delivery?.status).toBe("failed");
    const [email] = await connection.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.id, delivery?.carrierId ?? ""));
    expect(email).toMatchObject({ status: "failed", attempts: 1 });
    expect(email?.lastError).toContain("422");
  });

  it("waits as long as a rate limit asks before trying again", async () => {
    await toBob("rate limited");
    fake.answers.push(429);
    await sweep(61);
    await sweep(61 + 30); // the usual first backoff: too early for this provider
    expect(fake.requests).toHaveLength(1);
    await sweep(62 + RETRY_AFTER_SECONDS);
    expect(fake.requests).toHaveLength(2);
    expect(fake.accepted).toHaveLength(1);
  });

  it("gives up after six attempts on errors worth retrying", async () => {
    await toBob("provider down");
    fake.answers.push(503, 503, 503, 503, 429, 503, 200);
    for (let second = 61; second < 2_000; second += 61) await sweep(second);
    expect(fake.requests).toHaveLength(6);
    expect(fake.accepted).toHaveLength(0);
  });

  it("gives up on a provider that does not answer, and retries later with the same key", async () => {
    await toBob("provider hangs");
    const impatient = fake.driverWith({ timeoutMs: 200 });
    fake.answers.push(HANG);
    const first = await runEmailSweep(connection.db, {
      driver: impatient,
      now: at(61),
      appUrl: "http://app.test",
    });
    expect(first).toMatchObject({ sent: 0, retrying: 1 });
    // The retry is timed from when the request gave up (at least 0.2 s in), not the sweep's start.
    await sweep(91.1);
    expect(fake.requests).toHaveLength(1);
    await sweep(92);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]?.idempotencyKey).toBe(fake.requests[0]?.idempotencyKey);
    expect(fake.accepted).toHaveLength(1);
  });

  it("retries a provider call that threw, later and with the same key", async () => {
    await toBob("driver threw after sending");
    const throwing: EmailDriver = {
      name: "resend",
      async sendBatch(emails, idempotencyKey) {
        await driver.sendBatch(emails, idempotencyKey);
        throw new Error("socket hang up");
      },
    };
    await runEmailSweep(connection.db, { driver: throwing, now: at(61), appUrl: "http://app.test" });
    await sweep(62);
    expect(fake.requests).toHaveLength(1); // not at once: the retry waits 30 s
    await sweep(92);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]?.idempotencyKey).toBe(fake.requests[0]?.idempotencyKey);
    expect(fake.accepted).toHaveLength(1);
  });

  it.runIf(Boolean(process.env.DATABASE_URL))(
    "sends once when the process dies between the provider's answer and recording it",
    async () => {
      await toBob("crash after sending");
      // A real crash: another process sweeps, and kills itself as soon as Resend has answered.
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "lib/notifications/sweep-then-die.fixture.ts", at(61).toISOString()],
        {
          env: { ...process.env, DATABASE_URL: connection.url, RESEND_BASE_URL: fake.url },
          stdio: "inherit",
        },
      );
      const [, signal] = await once(child, "exit");
      expect(signal).toBe("SIGKILL");
      expect(fake.accepted).toHaveLength(1);

      await sweep(62); // the email is still pending: the crash rolled its claim back
      expect(fake.requests).toHaveLength(2);
      expect(fake.requests[1]?.idempotencyKey).toBe(fake.requests[0]?.idempotencyKey);
      expect(fake.accepted).toHaveLength(1);
      await sweep(200);
      expect(fake.requests).toHaveLength(2);
    },
  );

  it("sends each email once when sweeps run at the same time, over several batches", async () => {
    const texts = Array.from({ length: 120 }, (_, i) => `concurrent ${i}`);
    for (const text of texts) await toBob(text);
    await Promise.all([sweep(61), sweep(61), sweep(61)]);
    expect(fake.accepted.map((email) => email.text.split("\n")[3]).sort()).toEqual(texts.sort());
    expect(fake.requests.length).toBeGreaterThanOrEqual(2); // at most 100 emails a request
    expect(new Set(fake.requests.map((request) => request.idempotencyKey)).size).toBe(fake.requests.length);
  });

  it("fails an address the provider refuses on its own, and delivers the rest of the batch", async () => {
    const email = { subject: "Hello", html: "<p>Hello</p>", text: "Hello" };
    const {
      batchIds: [batchId],
      emailIds,
    } = await queueEmails(connection.db, [
      { ...email, to: "bob.builder@acme.test" },
      { ...email, to: `rita${REFUSED_DOMAIN}` },
    ]);
    await sendDueEmails(connection.db, { driver, onlyBatchId: batchId });
    await sweep(1_000);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.emails).toHaveLength(2);
    expect(fake.accepted.map((sent) => sent.to[0])).toEqual(["bob.builder@acme.test"]);
    const rows = await connection.db
      .select({ to: emailOutbox.to, status: emailOutbox.status, lastError: emailOutbox.lastError })
      .from(emailOutbox)
      .where(inArray(emailOutbox.id, emailIds));
    expect(rows.sort((x, y) => x.to.localeCompare(y.to))).toEqual([
      { to: "bob.builder@acme.test", status: "sent", lastError: null },
      { to: `rita${REFUSED_DOMAIN}`, status: "failed", lastError: "refused: Invalid `to` field." },
    ]);
  });
});
