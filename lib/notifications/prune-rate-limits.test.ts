import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { createTestDb, testClock } from "@/db/testing";
import { pruneRateLimitsNowAndThen } from "./prune-rate-limits";

let connection: Connection;
beforeAll(async () => {
  connection = await createTestDb();
});
afterAll(() => connection.close());

const { afterMinutes: at, afterDays } = testClock();
const windowsLeft = async () =>
  (await connection.db.select({ key: rateLimits.key }).from(rateLimits)).map((row) => row.key).sort();

describe("pruning rate-limit windows with the sweep", () => {
  it("drops windows that ended days ago, keeps recent and booked ones, and runs at most once an hour", async () => {
    const window = (key: string, windowStart: Date) => ({ key, windowStart, hits: 3 });
    await connection.db
      .insert(rateLimits)
      .values([
        window("old", afterDays(-3)),
        window("yesterday", afterDays(-1)),
        window("booked-ahead", at(120)),
      ]);
    expect(await pruneRateLimitsNowAndThen(connection.db, at(0))).toBe(true);
    expect(await windowsLeft()).toEqual(["booked-ahead", "yesterday"]);

    await connection.db.insert(rateLimits).values(window("old-again", afterDays(-3)));
    expect(await pruneRateLimitsNowAndThen(connection.db, at(30))).toBe(false);
    expect(await windowsLeft()).toContain("old-again");
    expect(await pruneRateLimitsNowAndThen(connection.db, at(61))).toBe(true);
    expect(await windowsLeft()).not.toContain("old-again");
  });
});
