/**
 * For email-sweep.test.ts: one sweep that dies, the hard way, the moment Resend has accepted an
 * email, before the sweep can record it. Usage: sweep-then-die.fixture.ts <now as ISO date>,
 * with DATABASE_URL and RESEND_BASE_URL set.
 */
import { openPostgres } from "@/db/client";
import { resendDriver } from "@/lib/email/driver";
import { runEmailSweep } from "./email-sweep";

const resend = resendDriver({ apiKey: "re_test_key", from: "Acme <help@acme.test>" });
const { db } = await openPostgres(process.env.DATABASE_URL as string, { max: 2 });
await runEmailSweep(db, {
  now: new Date(process.argv[2] as string),
  appUrl: "http://app.test",
  driver: {
    name: "resend",
    async sendBatch(emails, idempotencyKey) {
      const result = await resend.sendBatch(emails, idempotencyKey);
      process.kill(process.pid, "SIGKILL");
      return result;
    },
  },
});
