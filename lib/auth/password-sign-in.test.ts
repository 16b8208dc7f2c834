import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "@/db/seed-demo";
import { openDemoDb, testClock } from "@/db/testing";
import { assertPasswordSignInAllowed, verifyPasswordSignIn } from "./password-sign-in";

const db = openDemoDb();

const { start: T0, afterMinutes } = testClock();
const attempt = (email: string, password: string, now = T0, clientAddress = "198.51.100.7") =>
  verifyPasswordSignIn(db(), { email, password, clientAddress, now });

describe("password sign-in limits", () => {
  it("after 10 failures on an account, refuse even the right password until the window ends, with the wait", async () => {
    for (let i = 0; i < 10; i++) expect(await attempt("bob@acme.test", `guess-${i}`)).toBeNull();
    expect(await attempt("bob@acme.test", DEMO_PASSWORD, afterMinutes(1))).toBe("rate_limited");
    await expect(
      assertPasswordSignInAllowed(db(), {
        email: "BOB@acme.test",
        clientAddress: "203.0.113.1",
        now: afterMinutes(1),
      }),
    ).rejects.toMatchObject({ code: "rate_limited", retryAfterSeconds: 14 * 60 });
    // Another account from the same client is not locked by Bob's count.
    expect(await attempt("alice@acme.test", DEMO_PASSWORD, afterMinutes(1))).toMatchObject({
      email: "alice@acme.test",
    });
    expect(await attempt("bob@acme.test", DEMO_PASSWORD, afterMinutes(15))).toMatchObject({
      email: "bob@acme.test",
    });
  });

  it("counts a burst of parallel guesses exactly: of 25 at once, at most 10 reach the password check", async () => {
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => attempt("dana@acme.test", `burst-${i}`, afterMinutes(200))),
    );
    expect(results.filter((result) => result === "rate_limited").length).toBeGreaterThanOrEqual(15);
  });

  it("with no known client address, the account's limit still holds", async () => {
    for (let i = 0; i < 10; i++)
      await verifyPasswordSignIn(db(), {
        email: "eve@acme.test",
        password: "x",
        clientAddress: null,
        now: afterMinutes(300),
      });
    expect(
      await verifyPasswordSignIn(db(), {
        email: "eve@acme.test",
        password: "x",
        clientAddress: null,
        now: afterMinutes(300),
      }),
    ).toBe("rate_limited");
  });

  it("signing in right never counts, so a person who types well is never locked out", async () => {
    for (let i = 0; i < 30; i++)
      expect(await attempt("carol@acme.test", DEMO_PASSWORD, afterMinutes(60))).not.toBe("rate_limited");
  });

  it("after 50 failures from one client address, across accounts, refuse that address only", async () => {
    for (let i = 0; i < 50; i++)
      await attempt(`user${i}@spray.test`, "Winter2026!", afterMinutes(120), "192.0.2.50");
    expect(await attempt("alice@acme.test", DEMO_PASSWORD, afterMinutes(121), "192.0.2.50")).toBe(
      "rate_limited",
    );
    expect(await attempt("alice@acme.test", DEMO_PASSWORD, afterMinutes(121), "192.0.2.51")).toMatchObject({
      email: "alice@acme.test",
    });
  });
});
