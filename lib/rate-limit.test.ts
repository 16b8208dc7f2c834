import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { DomainError } from "@/lib/domain-error";
import { checkRateLimit, hitRateLimit, type RateLimit, refundRateLimitHit, waitInWords } from "./rate-limit";

const limit: RateLimit = { name: "test", max: 3, windowSeconds: 60, message: "Slow down." };
let conn: Connection;
beforeAll(async () => {
  conn = await createTestDb();
});
afterAll(() => conn.close());

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("rate limits kept in the database", () => {
  it("lets `max` hits through in a window, refuses the next with the wait, and opens again in the next window", async () => {
    for (let i = 0; i < 3; i++) await hitRateLimit(conn.db, limit, "a", at(10 + i));
    const error = await rejection(hitRateLimit(conn.db, limit, "a", at(20)));
    expect(error.code).toBe("rate_limited");
    expect(error.retryAfterSeconds).toBe(40);
    expect(error.message).toBe("Slow down. Try again in 40 seconds.");
    // Another subject has its own count.
    await hitRateLimit(conn.db, limit, "b", at(20));
    await hitRateLimit(conn.db, limit, "a", at(61));
  });

  it("counts concurrent hits exactly: of 10 at once, 3 pass", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => hitRateLimit(conn.db, limit, "c", at(5))),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
  });

  it("checks without counting, and takes back a hit that turned out not to count", async () => {
    await checkRateLimit(conn.db, limit, "d", at(1));
    await checkRateLimit(conn.db, limit, "d", at(1));
    for (let i = 0; i < 3; i++) await hitRateLimit(conn.db, limit, "d", at(1));
    expect((await rejection(checkRateLimit(conn.db, limit, "d", at(30)))).retryAfterSeconds).toBe(30);
    await refundRateLimitHit(conn.db, limit, "d", at(31));
    await checkRateLimit(conn.db, limit, "d", at(31));
  });

  it("says the wait in words", () => {
    expect(waitInWords(40)).toBe("40 seconds");
    expect(waitInWords(600)).toBe("10 minutes");
    expect(waitInWords(3600)).toBe("60 minutes");
    expect(waitInWords(7200)).toBe("2 hours");
  });
});
