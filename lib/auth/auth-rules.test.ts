import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { items, messages, participants, users, workspaces } from "@/db/schema";
import { DEMO_PASSWORD, seedDemo } from "@/db/seed-demo";
import { openDemoDb } from "@/db/testing";
import { ITEM_KINDS, ITEM_STATUSES } from "@/lib/items/item-fields";
import { runEmailSweep } from "@/lib/notifications/email-sweep";
import { hashPassword, verifyPassword } from "./password";
import { verifyCredentials } from "./team-members";

const db = openDemoDb();

describe("passwords", () => {
  it("hashes with scrypt and a random salt, and verifies only the right password", async () => {
    const [a, b] = [await hashPassword("correct horse"), await hashPassword("correct horse")];
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse", a)).toBe(true);
    expect(await verifyPassword("correct horsE", a)).toBe(false);
    expect(await verifyPassword("correct horse", "garbage")).toBe(false);
  });
});

describe("signing in with a password", () => {
  it("accepts the demo accounts, case-insensitively by email", async () => {
    const user = await verifyCredentials(db(), {
      email: " Alice@ACME.test ",
      password: DEMO_PASSWORD,
    });
    expect(user?.name).toBe("Alice Admin");
  });

  it("refuses a wrong password, an unknown email and a deactivated member, in about the same time", async () => {
    const time = async (email: string, password: string) => {
      const started = performance.now();
      expect(await verifyCredentials(db(), { email, password })).toBeNull();
      return performance.now() - started;
    };
    await time("nobody@acme.test", "x"); // warm the dummy hash
    const wrongPassword = await time("bob@acme.test", "wrong-password");
    const unknownEmail = await time("nobody@acme.test", DEMO_PASSWORD);
    // Both pay for one scrypt; an unknown email must not answer in a fraction of the time.
    expect(unknownEmail).toBeGreaterThan(wrongPassword * 0.5);
    expect(wrongPassword).toBeGreaterThan(unknownEmail * 0.5);

    await db().update(users).set({ deactivatedAt: new Date() }).where(eq(users.email, "carol@acme.test"));
    await time("carol@acme.test", DEMO_PASSWORD);
  });
});

describe("the demo seed", () => {
  it("is idempotent", async () => {
    const counts = async () => ({ items: await db().$count(items), messages: await db().$count(messages) });
    const before = await counts();
    await seedDemo(db());
    expect(await db().$count(workspaces, eq(workspaces.slug, "acme"))).toBe(1);
    expect(await db().$count(users)).toBe(3);
    expect(await counts()).toEqual(before);
  });

  it("has tickets and tasks in every status, with nothing unread for anyone and nothing to email", async () => {
    const made = await db().select({ kind: items.kind, status: items.status }).from(items);
    expect(new Set(made.map((item) => item.kind))).toEqual(new Set(ITEM_KINDS));
    expect(new Set(made.map((item) => item.status))).toEqual(new Set(ITEM_STATUSES));
    const written = await db()
      .select({ author: messages.authorKind, visibility: messages.visibility })
      .from(messages);
    expect(written).toContainEqual({ author: "customer", visibility: "public" });
    expect(written).toContainEqual({ author: "user", visibility: "public" });
    expect(written).toContainEqual({ author: "user", visibility: "internal" });
    // The demo's history has been read by everyone who follows it: no badge, no bubble, no email.
    expect(
      await db().$count(participants, sql`${participants.latestSeq} > ${participants.lastReadSeq}`),
    ).toBe(0);
    const swept = await runEmailSweep(db(), {
      now: new Date(Date.now() + 86_400_000),
      appUrl: "http://app.test",
    });
    expect(swept.cancelled).toBeGreaterThan(0);
    expect(swept).toMatchObject({ emails: 0, sent: 0 });
  });
});
