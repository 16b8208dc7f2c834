import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

// Before the route (and lib/env.ts, which reads once) is loaded.
process.env.CRON_SECRET = "a-cron-secret-for-tests";
process.env.PGLITE_DIR = path.join(mkdtempSync(path.join(tmpdir(), "cron-test-")), "pglite");
delete process.env.DATABASE_URL;
const { GET, POST } = await import("./route");

const call = (handler: typeof GET, authorization?: string) =>
  handler(
    new Request("http://app.test/api/cron/email-fallback", {
      headers: authorization ? { authorization } : {},
    }),
  );

describe("the email fallback cron route", () => {
  it("refuses a request without the secret, or with a wrong one", async () => {
    expect((await call(GET)).status).toBe(401);
    expect((await call(POST, "Bearer wrong-secret-of-some-length")).status).toBe(401);
    expect((await call(GET, "a-cron-secret-for-tests")).status).toBe(401);
  });

  it("prunes rate-limit windows that ended long ago", async () => {
    const { getDb } = await import("@/db");
    const { rateLimits } = await import("@/db/schema");
    const db = await getDb();
    await db
      .insert(rateLimits)
      .values({ key: "messages:user:old", windowStart: new Date(Date.now() - 3 * 86_400_000), hits: 30 });
    expect((await call(POST, "Bearer a-cron-secret-for-tests")).status).toBe(200);
    // Only this window: the demo seed's own messages counted in windows of their own.
    expect(await db.$count(rateLimits, eq(rateLimits.key, "messages:user:old"))).toBe(0);
  }, 60_000);

  it("runs the sweep with the right secret", async () => {
    const response = await call(POST, "Bearer a-cron-secret-for-tests");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      emails: 0,
      cancelled: 0,
      sent: 0,
      retrying: 0,
      failed: 0,
      push: { sent: 0, retrying: 0, failed: 0, cancelled: 0 },
    });
  }, 60_000);
});
