import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emailOutbox, teamSignInTokens, users } from "@/db/schema";
import { openDemoDb, testClock } from "@/db/testing";
import { consumeTeamSignInLink, peekTeamSignInLink, requestTeamSignInLink } from "./team-sign-in-links";

const db = openDemoDb();

const { start: T0, afterMinutes } = testClock();
const request = (email: string, now = T0, clientAddress = "198.51.100.7") =>
  requestTeamSignInLink(db(), { email, clientAddress, appUrl: "https://help.example.test", now });
const lastEmailTo = async (to: string) =>
  (await db().select().from(emailOutbox).where(eq(emailOutbox.to, to))).at(-1);
const tokenIn = (text = "") => /token=([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? "";

describe("team sign-in links", () => {
  it("link to a page on APP_URL, are used by the button only, once, within 30 minutes", async () => {
    await request("bob@acme.test");
    const email = await lastEmailTo("bob@acme.test");
    expect(email?.text).toContain("https://help.example.test/login/link?token=");
    const token = tokenIn(email?.text);
    expect(JSON.stringify(await db().select().from(teamSignInTokens))).not.toContain(token);

    // Opening the page (a mail scanner, a preview) says who, and uses nothing.
    for (let i = 0; i < 3; i++)
      expect(await peekTeamSignInLink(db(), { token, now: afterMinutes(1) })).toMatchObject({
        email: "bob@acme.test",
        workspaceName: "Acme Support",
      });
    const user = await consumeTeamSignInLink(db(), { token, now: afterMinutes(2) });
    expect(user?.email).toBe("bob@acme.test");
    expect(await consumeTeamSignInLink(db(), { token, now: afterMinutes(2) })).toBeNull();
    expect(await peekTeamSignInLink(db(), { token, now: afterMinutes(2) })).toBeNull();

    await request("bob@acme.test", afterMinutes(10));
    const late = tokenIn((await lastEmailTo("bob@acme.test"))?.text);
    expect(await consumeTeamSignInLink(db(), { token: late, now: afterMinutes(41) })).toBeNull();
  });

  it("do the same work and give the same answer for an unknown address, which gets a note and no link", async () => {
    const known = await request("alice@acme.test", afterMinutes(60));
    const unknown = await request("nobody@acme.test", afterMinutes(60));
    expect(known.batchIds).toHaveLength(1);
    expect(unknown.batchIds).toHaveLength(1);
    const note = await lastEmailTo("nobody@acme.test");
    expect(note?.subject).toBe("No account uses this address");
    expect(tokenIn(note?.text)).toBe("");
    // Its token row exists like any other, and signs nobody in.
    expect(await db().$count(teamSignInTokens, eq(teamSignInTokens.email, "nobody@acme.test"))).toBe(1);
  });

  it("take about the same time for a known and an unknown address (nothing is sent during the request)", async () => {
    const time = async (email: string) => {
      const started = performance.now();
      await request(email, afterMinutes(90), `timing-${email}`);
      return performance.now() - started;
    };
    await time("warm@acme.test");
    // Interleaved, and compared by their medians, so that a busy machine slows both alike.
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await time("alice@acme.test"), await time("carol@acme.test"));
      unknown.push(await time(`who${i}@acme.test`), await time(`what${i}@acme.test`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    expect(median(known)).toBeGreaterThan(median(unknown) * 0.5);
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it("sign in no deactivated member, even with a link sent before", async () => {
    await request("carol@acme.test", afterMinutes(120));
    const token = tokenIn((await lastEmailTo("carol@acme.test"))?.text);
    await db()
      .update(users)
      .set({ deactivatedAt: afterMinutes(121) })
      .where(eq(users.email, "carol@acme.test"));
    expect(await peekTeamSignInLink(db(), { token, now: afterMinutes(122) })).toBeNull();
    expect(await consumeTeamSignInLink(db(), { token, now: afterMinutes(122) })).toBeNull();
    await db().update(users).set({ deactivatedAt: null }).where(eq(users.email, "carol@acme.test"));
  });

  it("are limited per address and per client, with the wait; a refused request queues nothing", async () => {
    for (let i = 0; i < 5; i++) await request("bob@acme.test", afterMinutes(180));
    const queued = await db().$count(emailOutbox, eq(emailOutbox.to, "bob@acme.test"));
    const refusal = await request("bob@acme.test", afterMinutes(181)).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ code: "rate_limited", retryAfterSeconds: 14 * 60 });
    expect(await db().$count(emailOutbox, eq(emailOutbox.to, "bob@acme.test"))).toBe(queued);
    // An unknown address meets the same limit: the answer tells nothing.
    for (let i = 0; i < 5; i++) await request("ghost@acme.test", afterMinutes(180));
    await expect(request("ghost@acme.test", afterMinutes(181))).rejects.toMatchObject({
      code: "rate_limited",
    });

    for (let i = 0; i < 100; i++) await request(`spray${i}@example.test`, afterMinutes(240), "192.0.2.99");
    await expect(request("one-more@example.test", afterMinutes(240), "192.0.2.99")).rejects.toMatchObject({
      code: "rate_limited",
    });
    await expect(request("not an address")).rejects.toMatchObject({ code: "invalid_email" });
  });
});
