import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { attachments, authSessions, rateLimits } from "@/db/schema";
import { createTestDb, createWorkspace, startTestConversation, testClock } from "@/db/testing";
import { fsStorage } from "@/lib/attachments/fs-storage";
import { setAttachmentStorage } from "@/lib/attachments/storage";
import { endSession, startSession } from "@/lib/auth/sessions";
import { pruneOldRecordsNowAndThen } from "./prune-old-records";

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
    expect(await pruneOldRecordsNowAndThen(connection.db, at(0))).toBe(true);
    expect(await windowsLeft()).toEqual(["booked-ahead", "yesterday"]);

    await connection.db.insert(rateLimits).values(window("old-again", afterDays(-3)));
    expect(await pruneOldRecordsNowAndThen(connection.db, at(30))).toBe(false);
    expect(await windowsLeft()).toContain("old-again");
    expect(await pruneOldRecordsNowAndThen(connection.db, at(61))).toBe(true);
    expect(await windowsLeft()).not.toContain("old-again");
  });

  it("drops sessions ended or expired more than a week ago, and keeps live and recent ones", async () => {
    const acme = await createWorkspace(connection, { slug: "acme", team: ["Alice Admin"] });
    const person = { userId: acme.idOf("Alice Admin") };
    const start = (days: number, seconds: number) =>
      startSession(connection.db, { workspaceId: acme.workspace.id, person, seconds, now: afterDays(days) });
    const [live, expiredLongAgo, endedLongAgo, endedYesterday] = [
      await start(0, 30 * 86_400),
      await start(-40, 30 * 86_400),
      await start(-20, 30 * 86_400),
      await start(-2, 30 * 86_400),
    ];
    await endSession(connection.db, endedLongAgo, afterDays(-10));
    await endSession(connection.db, endedYesterday, afterDays(-1));
    expect(await pruneOldRecordsNowAndThen(connection.db, afterDays(2))).toBe(true);
    const left = (await connection.db.select({ id: authSessions.id }).from(authSessions)).map(
      (row) => row.id,
    );
    expect(left.sort()).toEqual([live, endedYesterday].sort());
    expect(left).not.toContain(expiredLongAgo);
  });

  it("deletes uploads nobody sent within a day, bytes and row", async () => {
    const storage = fsStorage(mkdtempSync(path.join(tmpdir(), "prune-attachments-")));
    setAttachmentStorage(storage);
    const team = await createWorkspace(connection, { slug: "files", team: ["Fay Files", "Gil Files"] });
    const { conversationId } = await startTestConversation(connection.db, {
      from: team.member("Fay Files"),
      to: [team.idOf("Gil Files")],
    });
    const upload = (storageKey: string, days: number) => ({
      workspaceId: team.workspace.id,
      conversationId,
      uploaderUserId: team.idOf("Fay Files"),
      storageKey,
      fileName: `${storageKey}.pdf`,
      size: 3,
      createdAt: afterDays(days),
    });
    await connection.db.insert(attachments).values([upload("abandoned", 2), upload("fresh", 3.5)]);
    await storage.write?.("abandoned", new Blob(["abc"]).stream(), 10);
    try {
      expect(await pruneOldRecordsNowAndThen(connection.db, afterDays(4))).toBe(true);
    } finally {
      setAttachmentStorage(undefined);
    }
    const left = await connection.db.select({ key: attachments.storageKey }).from(attachments);
    expect(left).toEqual([{ key: "fresh" }]);
    expect(await storage.head("abandoned", 3)).toBeNull();
  });
});
