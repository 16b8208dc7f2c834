import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Connection, openPostgres } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { resendDriver } from "./driver";
import { RATE_LIMIT_RETRY_AFTER_SECONDS, startFakeResend } from "./fake-resend";
import { queueEmails, sendDueEmails } from "./mailer";
import { holdOffSends, MAX_PACE_WAIT_MS, takeSendSlot } from "./send-pace";

// The provider's cap where pacing is measured: high enough to keep the test quick.
const RATE = 20;
// An account so strict that even a slow, busy test machine goes past it unpaced.
const STRICT_RATE = 2;

let connection: Connection & { url?: string };
// A second instance: its own pool on Postgres, so the two sweeps really run side by side.
let other: Connection;
let fake: Awaited<ReturnType<typeof startFakeResend>>;
let strict: Awaited<ReturnType<typeof startFakeResend>>;
const paced = (requestsPerSecond?: number, provider = fake) =>
  resendDriver({
    apiKey: "re_test_key",
    from: "Acme <help@acme.test>",
    baseUrl: provider.url,
    requestsPerSecond,
  });

beforeAll(async () => {
  fake = await startFakeResend({ requestsPerSecond: RATE });
  strict = await startFakeResend({ requestsPerSecond: STRICT_RATE });
  connection = await createTestDb();
  other = connection.url ? await openPostgres(connection.url, { max: 4 }) : connection;
});
afterAll(async () => {
  await fake?.close();
  await strict?.close();
  if (other !== connection) await other?.close();
  await connection?.close();
});
beforeEach(async () => {
  await connection.db.execute(sql`delete from email_send_pace`);
  await connection.db.execute(sql`update email_batches set status = 'failed' where status = 'pending'`);
  fake.reset();
  strict.reset();
});

/** `count` batches of one email each, due now: each is one request. */
async function queueBatches(count: number, now: Date) {
  for (let index = 0; index < count; index += 1)
    await queueEmails(
      connection.db,
      [{ to: `person${index}@example.test`, subject: "Hi", html: "<p>Hi</p>", text: "Hi" }],
      now,
    );
}

describe("the shared pace of the provider's rate limit", () => {
  it("keeps two instances' sweeps under the provider's cap together", async () => {
    const now = new Date();
    await queueBatches(3 * RATE, now);
    const started = performance.now();
    const [first, second] = await Promise.all([
      sendDueEmails(connection.db, { driver: paced(RATE), now }),
      sendDueEmails(other.db, { driver: paced(RATE), now }),
    ]);
    const seconds = (performance.now() - started) / 1000;
    expect((first?.sent ?? 0) + (second?.sent ?? 0)).toBe(3 * RATE);
    expect(fake.requests.filter(({ status }) => status === 429)).toHaveLength(0);
    expect(fake.accepted).toHaveLength(3 * RATE);
    // 60 requests at 20 a second: nearly three seconds, not the instant an unpaced sweep takes.
    expect(seconds).toBeGreaterThan(2.5);
  });

  it("is what keeps the cap: unpaced, the same sweeps are refused", async () => {
    const now = new Date();
    await queueBatches(3 * STRICT_RATE, now);
    await Promise.all([
      sendDueEmails(connection.db, { driver: paced(undefined, strict), now }),
      sendDueEmails(other.db, { driver: paced(undefined, strict), now }),
    ]);
    expect(strict.requests.filter(({ status }) => status === 429).length).toBeGreaterThan(0);
  });

  it("takes no slot when nothing is due, so an idle sweep does not push the pace", async () => {
    const now = new Date();
    expect(await takeSendSlot(connection.db, { provider: "resend", requestsPerSecond: 1, now })).toBeNull();
    const rows = await connection.db.execute(sql`select * from email_send_pace`);
    expect((rows as unknown as { rows: unknown[] }).rows).toHaveLength(0);
  });

  it("spaces slots by the rate, and gives none further off than it waits", async () => {
    const now = new Date();
    await queueBatches(1, now);
    const slot = () => takeSendSlot(connection.db, { provider: "resend", requestsPerSecond: 1, now });
    const waits = [await slot(), await slot(), await slot()];
    expect(waits[0]).toBe(0);
    expect(waits[1]).toBeGreaterThan(900);
    expect(waits[2]).toBeGreaterThan(1_900);
    await holdOffSends(connection.db, { provider: "resend", ms: MAX_PACE_WAIT_MS + 5_000 });
    expect(await slot()).toBeNull();
  });

  it("holds every sender for as long as a rate limit's retry-after asks", async () => {
    const now = new Date();
    await queueBatches(6, now);
    // Paced far above the account's cap (a misconfiguration): two go, the third is refused, and its
    // retry-after holds every send until the account allows two more. Without the hold, the
    // fourth, fifth and sixth would be refused at once too.
    const result = await sendDueEmails(connection.db, {
      driver: paced(1_000, strict),
      now,
      concurrency: 1,
    });
    const refusals = strict.requests.filter(({ status }) => status === 429);
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.length).toBeLessThanOrEqual(2);
    expect(result.sent).toBeGreaterThanOrEqual(4);
    const firstRefusalAt = refusals[0]?.receivedAt.getTime() ?? Number.NaN;
    const nextRequest = strict.requests.find(({ receivedAt }) => receivedAt.getTime() > firstRefusalAt);
    expect(nextRequest?.receivedAt.getTime()).toBeGreaterThanOrEqual(
      firstRefusalAt + RATE_LIMIT_RETRY_AFTER_SECONDS * 1_000 - 50,
    );
  });
});
