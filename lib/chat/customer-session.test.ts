import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers } from "@/db/schema";
import { openCustomerWorkspaces, testClock } from "@/db/testing";
import { endSession, signOutEverywhere } from "@/lib/auth/sessions";
import { chatSessionToken, customerFromSession, startCustomerSession } from "./customer-session";

const SECRET = "test-secret-that-is-at-least-32-characters-long";
const acme = openCustomerWorkspaces();
const { db } = acme;

describe("customer sessions", () => {
  const { start: now, afterDays: inDays } = testClock();
  const session = (token: string | undefined, at = now, workspaceId = acme.workspace.id) =>
    customerFromSession(db(), { token, workspaceId, secret: SECRET, now: at });
  const start = async (customerId = acme.dana.customerId, at = now) =>
    (await startCustomerSession(db(), { customerId, workspaceId: acme.workspace.id }, SECRET, at)).token;

  it("a session names its customer until it expires, and nothing once tampered with", async () => {
    const token = await start();
    expect((await session(token))?.customerId).toBe(acme.dana.customerId);
    expect(await session(token, inDays(31))).toBeNull();
    expect(await session(token, now, acme.outsider.workspaceId)).toBeNull();
    const [body, signature] = token.split(".");
    const { s } = JSON.parse(Buffer.from(body ?? "", "base64url").toString()) as { s: string };
    const swapped = Buffer.from(
      JSON.stringify({ c: acme.erin.customerId, w: acme.workspace.id, s, exp: 9e9 }),
    ).toString("base64url");
    expect(await session(`${swapped}.${signature}`)).toBeNull();
    expect(await session(`${body}.${signature}x`)).toBeNull();
    expect(await session(undefined)).toBeNull();
  });

  it("a genuine signature without a session row, or with another customer's row, names nobody", async () => {
    const ghostRow = chatSessionToken(
      { customerId: acme.dana.customerId, workspaceId: acme.workspace.id, sessionId: randomUUID() },
      SECRET,
      now,
    );
    expect(await session(ghostRow)).toBeNull();
    const erinsToken = await start(acme.erin.customerId);
    const { s } = JSON.parse(Buffer.from(erinsToken.split(".")[0] ?? "", "base64url").toString()) as {
      s: string;
    };
    const danaOnErinsRow = chatSessionToken(
      { customerId: acme.dana.customerId, workspaceId: acme.workspace.id, sessionId: s },
      SECRET,
      now,
    );
    expect(await session(danaOnErinsRow)).toBeNull();
  });

  it("signing out ends that session on the server: a copy of the cookie opens nothing, the other devices stay", async () => {
    const [phone, laptop] = [await start(), await start()];
    const phoneSession = await session(phone);
    await endSession(db(), phoneSession?.sessionId ?? "");
    expect(await session(phone)).toBeNull();
    expect((await session(laptop))?.customerId).toBe(acme.dana.customerId);
  });

  it("signing out everywhere ends every session of that customer, and only theirs", async () => {
    const [a, b, erins] = [await start(), await start(), await start(acme.erin.customerId)];
    await signOutEverywhere(db(), { customerId: acme.dana.customerId });
    expect(await session(a)).toBeNull();
    expect(await session(b)).toBeNull();
    expect((await session(erins))?.customerId).toBe(acme.erin.customerId);
  });

  it("a revoked or deleted customer's session names nobody", async () => {
    const token = await start(acme.erin.customerId);
    await db().update(customers).set({ revokedAt: now }).where(eq(customers.id, acme.erin.customerId));
    expect(await session(token)).toBeNull();
    await db().update(customers).set({ revokedAt: null }).where(eq(customers.id, acme.erin.customerId));

    const [ghost] = await db()
      .insert(customers)
      .values({ workspaceId: acme.workspace.id, name: "Ghost", email: "ghost@example.test" })
      .returning();
    const ghostToken = await start(ghost?.id);
    await db().delete(customers).where(eq(customers.email, "ghost@example.test"));
    expect(await session(ghostToken)).toBeNull();
  });
});
