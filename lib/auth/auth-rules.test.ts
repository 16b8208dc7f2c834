import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { users, workspaces } from "@/db/schema";
import { DEMO_PASSWORD, seedDemo } from "@/db/seed-demo";
import { createTestDb } from "@/db/testing";
import { hashPassword, verifyPassword } from "./password";
import { redirectOnApp, safeRedirectPath } from "./safe-redirect";
import { verifyCredentials } from "./team-members";

let connection: Connection;
beforeAll(async () => {
  connection = await createTestDb();
  await seedDemo(connection.db);
});
afterAll(() => connection.close());

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
    const user = await verifyCredentials(connection.db, {
      email: " Alice@ACME.test ",
      password: DEMO_PASSWORD,
    });
    expect(user?.name).toBe("Alice Admin");
  });

  it("refuses a wrong password, an unknown email and a deactivated member, in about the same time", async () => {
    const time = async (email: string, password: string) => {
      const started = performance.now();
      expect(await verifyCredentials(connection.db, { email, password })).toBeNull();
      return performance.now() - started;
    };
    await time("nobody@acme.test", "x"); // warm the dummy hash
    const wrongPassword = await time("bob@acme.test", "wrong-password");
    const unknownEmail = await time("nobody@acme.test", DEMO_PASSWORD);
    // Both pay for one scrypt; an unknown email must not answer in a fraction of the time.
    expect(unknownEmail).toBeGreaterThan(wrongPassword * 0.5);
    expect(wrongPassword).toBeGreaterThan(unknownEmail * 0.5);

    await connection.db
      .update(users)
      .set({ deactivatedAt: new Date() })
      .where(eq(users.email, "carol@acme.test"));
    await time("carol@acme.test", DEMO_PASSWORD);
  });
});

describe("the demo seed", () => {
  it("is idempotent", async () => {
    await seedDemo(connection.db);
    expect(await connection.db.$count(workspaces, eq(workspaces.slug, "acme"))).toBe(1);
    expect(await connection.db.$count(users)).toBe(3);
  });
});

describe("redirects after sign-in stay on this app", () => {
  const APP_URL = "https://help.example.test";
  // The first is honest; the rest are what a crafted `?next=` or `callbackUrl=` carries.
  // Browsers drop tabs and newlines and read `\` as `/`, so "/\t/evil.test" means "//evil.test".
  const crafted = [
    "https://evil.test/",
    "/\t/evil.test",
    "/\n/evil.test",
    "/\r/evil.test",
    "//evil.test",
    "/\\evil.test",
  ];

  it("keeps an honest path, with its query", () => {
    expect(safeRedirectPath("/messenger/c/1?view=sent")).toBe("/messenger/c/1?view=sent");
    expect(redirectOnApp("/messenger?view=sent", APP_URL)).toBe(`${APP_URL}/messenger?view=sent`);
    expect(redirectOnApp(`${APP_URL}/messenger`, APP_URL)).toBe(`${APP_URL}/messenger`);
    expect(safeRedirectPath(undefined)).toBe("/messenger");
  });

  it.each(crafted)("safeRedirectPath keeps %j on this app", (next) => {
    expect(safeRedirectPath(next)).toBe("/messenger");
  });

  it.each(crafted)("the Auth.js redirect callback keeps %j on APP_URL", (url) => {
    expect(new URL(redirectOnApp(url, APP_URL)).origin).toBe(APP_URL);
  });
});
