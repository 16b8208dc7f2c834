import { spawn } from "node:child_process";
import { once } from "node:events";
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliveries, emailOutbox } from "@/db/schema";
import { openEmailSweep } from "@/db/testing";
import type { EmailDriver } from "@/lib/email/driver";
import { HANG, REFUSED_DOMAIN, RETRY_AFTER_SECONDS } from "@/lib/email/fake-resend";
import { runEmailSweep } from "@/lib/notifications/email-sweep";
import { queueEmails, sendDueEmails } from "./mailer";

const mail = openEmailSweep();
const { afterSeconds: at } = mail.clock;

describe("the email fallback sweep", () => {
  it("retries a 500 with the same idempotency key and sends one email", async () => {
    await mail.toBob("flaky provider");
    mail.fake.answers.push(500);
    await mail.sweep(61);
    expect(mail.fake.requests).toHaveLength(1);
    expect(mail.fake.accepted).toHaveLength(0);
    await mail.sweep(70); // the retry waits 30 s
    expect(mail.fake.requests).toHaveLength(1);
    await mail.sweep(92);
    expect(mail.fake.accepted).toHaveLength(1);
    expect(mail.fake.requests[0]?.idempotencyKey).toBeTruthy();
    expect(mail.fake.requests[1]?.idempotencyKey).toBe(mail.fake.requests[0]?.idempotencyKey);
  });

  it("fails a 422 at once, with no retry, and keeps the error for admins", async () => {
    const { conversationId } = await mail.toBob("bad address");
    mail.fake.answers.push(422);
    await mail.sweep(61);
    await mail.sweep(1_000);
    expect(mail.fake.requests).toHaveLength(1);
    const [delivery] = await mail
      .db()
      .select()
      .from(deliveries)
      .where(eq(deliveries.conversationId, conversationId));
    expect(delivery?.status).toBe("failed");
    const [email] = await mail
      .db()
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.id, delivery?.carrierId ?? ""));
    expect(email).toMatchObject({ status: "failed", attempts: 1 });
    expect(email?.lastError).toContain("422");
  });

  it("waits as long as a rate limit asks before trying again", async () => {
    await mail.toBob("rate limited");
    mail.fake.answers.push(429);
    await mail.sweep(61);
    await mail.sweep(61 + 30); // the usual first backoff: too early for this provider
    expect(mail.fake.requests).toHaveLength(1);
    await mail.sweep(62 + RETRY_AFTER_SECONDS);
    expect(mail.fake.requests).toHaveLength(2);
    expect(mail.fake.accepted).toHaveLength(1);
  });

  it("gives up after six attempts on errors worth retrying", async () => {
    await mail.toBob("provider down");
    mail.fake.answers.push(503, 503, 503, 503, 429, 503, 200);
    for (let second = 61; second < 2_000; second += 61) await mail.sweep(second);
    expect(mail.fake.requests).toHaveLength(6);
    expect(mail.fake.accepted).toHaveLength(0);
  });

  it("gives up on a provider that does not answer, and retries later with the same key", async () => {
    await mail.toBob("provider hangs");
    const impatient = mail.fake.driverWith({ timeoutMs: 200 });
    mail.fake.answers.push(HANG);
    const first = await runEmailSweep(mail.db(), {
      driver: impatient,
      now: at(61),
      appUrl: "http://app.test",
    });
    expect(first).toMatchObject({ sent: 0, retrying: 1 });
    // The retry is timed from when the request gave up (at least 0.2 s in), not the sweep's start.
    await mail.sweep(91.1);
    expect(mail.fake.requests).toHaveLength(1);
    await mail.sweep(92);
    expect(mail.fake.requests).toHaveLength(2);
    expect(mail.fake.requests[1]?.idempotencyKey).toBe(mail.fake.requests[0]?.idempotencyKey);
    expect(mail.fake.accepted).toHaveLength(1);
  });

  it("retries a provider call that threw, later and with the same key", async () => {
    await mail.toBob("driver threw after sending");
    const throwing: EmailDriver = {
      name: "resend",
      async sendBatch(emails, idempotencyKey) {
        await mail.driver.sendBatch(emails, idempotencyKey);
        throw new Error("socket hang up");
      },
    };
    await runEmailSweep(mail.db(), { driver: throwing, now: at(61), appUrl: "http://app.test" });
    await mail.sweep(62);
    expect(mail.fake.requests).toHaveLength(1); // not at once: the retry waits 30 s
    await mail.sweep(92);
    expect(mail.fake.requests).toHaveLength(2);
    expect(mail.fake.requests[1]?.idempotencyKey).toBe(mail.fake.requests[0]?.idempotencyKey);
    expect(mail.fake.accepted).toHaveLength(1);
  });

  it.runIf(Boolean(process.env.DATABASE_URL))(
    "sends once when the process dies between the provider's answer and recording it",
    async () => {
      await mail.toBob("crash after sending");
      // A real crash: another process sweeps, and kills itself as soon as Resend has answered.
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "lib/notifications/sweep-then-die.fixture.ts", at(61).toISOString()],
        {
          env: { ...process.env, DATABASE_URL: mail.url(), RESEND_BASE_URL: mail.fake.url },
          stdio: "inherit",
        },
      );
      const [, signal] = await once(child, "exit");
      expect(signal).toBe("SIGKILL");
      expect(mail.fake.accepted).toHaveLength(1);

      // Postgres rolls the dead process's claim back once it notices the connection is gone,
      // which on a busy machine may come after the exit: wait until nobody else holds a batch.
      await expect
        .poll(
          async () =>
            (
              (await mail.db().execute(sql`
                select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
                where c.relname = 'email_batches' and l.pid <> pg_backend_pid()`)) as unknown as {
                rows: { n: number }[];
              }
            ).rows[0]?.n,
          { timeout: 10_000 },
        )
        .toBe(0);
      await mail.sweep(62); // the email is still pending: the crash rolled its claim back
      expect(mail.fake.requests).toHaveLength(2);
      expect(mail.fake.requests[1]?.idempotencyKey).toBe(mail.fake.requests[0]?.idempotencyKey);
      expect(mail.fake.accepted).toHaveLength(1);
      await mail.sweep(200);
      expect(mail.fake.requests).toHaveLength(2);
    },
  );

  it("fails an address the provider refuses on its own, and delivers the rest of the batch", async () => {
    const email = { subject: "Hello", html: "<p>Hello</p>", text: "Hello" };
    const {
      batchIds: [batchId],
      emailIds,
    } = await queueEmails(mail.db(), [
      { ...email, to: "bob.builder@acme.test" },
      { ...email, to: `rita${REFUSED_DOMAIN}` },
    ]);
    await sendDueEmails(mail.db(), { driver: mail.driver, onlyBatchId: batchId });
    await mail.sweep(1_000);
    expect(mail.fake.requests).toHaveLength(1);
    expect(mail.fake.requests[0]?.emails).toHaveLength(2);
    expect(mail.fake.accepted.map((sent) => sent.to[0])).toEqual(["bob.builder@acme.test"]);
    const rows = await mail
      .db()
      .select({ to: emailOutbox.to, status: emailOutbox.status, lastError: emailOutbox.lastError })
      .from(emailOutbox)
      .where(inArray(emailOutbox.id, emailIds));
    expect(rows.sort((x, y) => x.to.localeCompare(y.to))).toEqual([
      { to: "bob.builder@acme.test", status: "sent", lastError: null },
      { to: `rita${REFUSED_DOMAIN}`, status: "failed", lastError: "refused: Invalid `to` field." },
    ]);
  });
});
