import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emailOutbox, signUpRequests, users, workspaces } from "@/db/schema";
import { DEMO_PASSWORD } from "@/db/seed-demo";
import { openDemoDb, testClock } from "@/db/testing";
import { completeSignUp, peekSignUp, requestSignUp } from "./sign-up";
import { verifyCredentials } from "./team-members";
import { consumeTeamSignInLink } from "./team-sign-in-links";

const db = openDemoDb();

const { start: T0, afterMinutes } = testClock();
const PASSWORD = "long-enough-password";
const input = (email: string, workspaceName = "Zeta Support") => ({
  workspaceName,
  name: "Zed",
  email,
  password: PASSWORD,
});
const request = (email: string, workspaceName?: string, now = T0) =>
  requestSignUp(db(), {
    input: input(email, workspaceName),
    clientAddress: "198.51.100.7",
    appUrl: "http://app.test",
    now,
  });
const lastEmailTo = async (to: string) => {
  const rows = await db().select().from(emailOutbox).where(eq(emailOutbox.to, to));
  return rows.at(-1);
};
const tokenIn = (text = "") => /token=([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? "";

describe("signing up", () => {
  it("creates nothing until the emailed link is used: the owner proves the address first", async () => {
    await request("zed@new.test");
    expect(await db().$count(users, eq(users.email, "zed@new.test"))).toBe(0);
    expect(await db().$count(workspaces, eq(workspaces.name, "Zeta Support"))).toBe(0);
    const email = await lastEmailTo("zed@new.test");
    expect(email?.subject).toBe("Confirm your email to create Zeta Support");
    const token = tokenIn(email?.text);
    // Only the token's hash is stored.
    expect(JSON.stringify(await db().select().from(signUpRequests))).not.toContain(token);

    // Someone who signed up in this address's name, with a password of their own, cannot have its
    // owner confirm the account for them: the button asks for the password chosen at sign-up.
    await expect(
      completeSignUp(db(), { token, password: "the owner's guess", now: afterMinutes(1) }),
    ).rejects.toMatchObject({ code: "invalid_credentials" });
    // Opening the page shows what the button creates, and uses nothing.
    expect(await peekSignUp(db(), { token, now: afterMinutes(1) })).toMatchObject({ email: "zed@new.test" });
    const { userId, workspaceId, signInToken } = await completeSignUp(db(), {
      token,
      password: PASSWORD,
      now: afterMinutes(2),
    });
    const [owner] = await db().select().from(users).where(eq(users.id, userId));
    expect(owner).toMatchObject({ role: "admin", workspaceId, emailVerified: afterMinutes(2) });
    const [workspace] = await db().select().from(workspaces).where(eq(workspaces.id, workspaceId));
    expect(workspace?.slug).toBe("zeta-support");
    // The fresh sign-in token starts the owner's session, once.
    expect(await consumeTeamSignInLink(db(), { token: signInToken, now: afterMinutes(2) })).toMatchObject({
      id: userId,
    });
    expect(await consumeTeamSignInLink(db(), { token: signInToken, now: afterMinutes(2) })).toBeNull();
    expect(
      await verifyCredentials(db(), { email: "zed@new.test", password: "long-enough-password" }),
    ).not.toBeNull();

    await expect(
      completeSignUp(db(), { token, password: PASSWORD, now: afterMinutes(3) }),
    ).rejects.toMatchObject({
      code: "sign_up_link_invalid",
    });
  });

  it("gives a second workspace of the same name a suffixed address; a link expires after 30 minutes", async () => {
    await request("yan@new.test", "Zeta Support", afterMinutes(60));
    const token = tokenIn((await lastEmailTo("yan@new.test"))?.text);
    const { workspaceId } = await completeSignUp(db(), { token, password: PASSWORD, now: afterMinutes(61) });
    const [second] = await db().select().from(workspaces).where(eq(workspaces.id, workspaceId));
    expect(second?.slug).toMatch(/^zeta-support-[0-9a-f]{6}$/);

    await request("late@new.test", "Late", afterMinutes(60));
    const late = tokenIn((await lastEmailTo("late@new.test"))?.text);
    expect(await peekSignUp(db(), { token: late, now: afterMinutes(91) })).toBeNull();
    await expect(
      completeSignUp(db(), { token: late, password: PASSWORD, now: afterMinutes(91) }),
    ).rejects.toMatchObject({
      code: "sign_up_link_invalid",
    });
  });

  it("answers an address that has an account exactly as a new one, and tells only its inbox", async () => {
    const before = await db().$count(workspaces);
    const known = await request("alice@acme.test", "Other", afterMinutes(120));
    const fresh = await request("fresh@new.test", "Other", afterMinutes(120));
    expect(known.emailIds).toHaveLength(1);
    expect(fresh.emailIds).toHaveLength(1);
    const note = await lastEmailTo("alice@acme.test");
    expect(note?.subject).toBe("You already have an account");
    expect(tokenIn(note?.text)).toBe("");
    expect(await db().$count(workspaces)).toBe(before);
    // Alice's password is untouched.
    expect(
      await verifyCredentials(db(), { email: "alice@acme.test", password: DEMO_PASSWORD }),
    ).not.toBeNull();
  });

  it("takes about the same time for an address with an account and a new one", async () => {
    const time = async (email: string, minute: number) => {
      const started = performance.now();
      await request(email, "Timing", afterMinutes(minute));
      return performance.now() - started;
    };
    await time("warm@new.test", 200);
    // Interleaved, and compared by their medians, so that a busy machine slows both alike.
    const known: number[] = [];
    const fresh: number[] = [];
    for (const [i, address] of ["bob@acme.test", "carol@acme.test", "alice@acme.test"].entries()) {
      known.push(await time(address, 200));
      fresh.push(await time(`t${i}@new.test`, 200));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    // Both branches hash a password and write a row and an email; neither answers in a fraction of the other's time.
    expect(median(known)).toBeGreaterThan(median(fresh) * 0.5);
    expect(median(fresh)).toBeGreaterThan(median(known) * 0.5);
  });

  it("limits sign-ups per address, with the wait, and stores nothing for a refused one", async () => {
    for (let i = 0; i < 5; i++) await request("many@new.test", "Many", afterMinutes(300));
    const rows = await db().$count(signUpRequests, eq(signUpRequests.email, "many@new.test"));
    await expect(request("many@new.test", "Many", afterMinutes(300))).rejects.toMatchObject({
      code: "rate_limited",
      retryAfterSeconds: expect.any(Number),
    });
    expect(await db().$count(signUpRequests, eq(signUpRequests.email, "many@new.test"))).toBe(rows);
    expect(await db().$count(emailOutbox, and(eq(emailOutbox.to, "many@new.test")))).toBe(5);
  });
});
