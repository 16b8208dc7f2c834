/**
 * One sweeping instance of the drain benchmark (scripts/bench/email.ts): sends the outbox's due
 * batches, paced at DRAIN_CAP requests a second shared with every other instance, until none is left.
 *   DATABASE_URL=… RESEND_BASE_URL=… DRAIN_CAP=10 tsx scripts/bench/email-drainer.ts
 */
import { setTimeout } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { openPostgres } from "@/db/client";
import { rowsOf } from "@/db/rows-of";
import { resendDriver } from "@/lib/email/driver";
import { sendDueEmails } from "@/lib/email/mailer";

const connection = await openPostgres(process.env.DATABASE_URL ?? "", { max: 4 });
const driver = resendDriver({
  apiKey: "re_bench",
  from: "Bench <bench@bench.test>",
  baseUrl: process.env.RESEND_BASE_URL,
  requestsPerSecond: Number(process.env.DRAIN_CAP),
});
const pending = async () =>
  (
    await rowsOf<{ n: number }>(
      connection.db,
      sql`select count(*)::int as n from email_batches where status = 'pending'`,
    )
  )[0]?.n ?? 0;
while ((await pending()) > 0) {
  const { sent, retrying, failed } = await sendDueEmails(connection.db, { driver, now: new Date() });
  // Nothing this time: the other instance holds the rest, or a refused batch waits for its retry.
  if (sent + retrying + failed === 0) await setTimeout(50);
}
await connection.close();
