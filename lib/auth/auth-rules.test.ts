import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { DEMO_PASSWORD } from "@/db/seed-demo";
import { openDemoDb } from "@/db/testing";
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
    // Interleaved, and compared by their medians, so that a busy machine (another test file in
    // the next worker) slows both alike.
    const wrongPassword: number[] = [];
    const unknownEmail: number[] = [];
    for (let i = 0; i < 3; i++) {
      wrongPassword.push(await time("bob@acme.test", "wrong-password"));
      unknownEmail.push(await time("nobody@acme.test", DEMO_PASSWORD));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    // Both pay for one scrypt; an unknown email must not answer in a fraction of the time.
    expect(median(unknownEmail)).toBeGreaterThan(median(wrongPassword) * 0.5);
    expect(median(wrongPassword)).toBeGreaterThan(median(unknownEmail) * 0.5);

    await db().update(users).set({ deactivatedAt: new Date() }).where(eq(users.email, "carol@acme.test"));
    await time("carol@acme.test", DEMO_PASSWORD);
  });
});
