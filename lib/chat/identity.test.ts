import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers, workspaces } from "@/db/schema";
import { openCustomerWorkspaces, testClock } from "@/db/testing";
import { customerFromSession, startCustomerSession } from "./customer-session";
import {
  getIdentitySecret,
  identityHash,
  rotateIdentitySecret,
  type SiteIdentity,
  signInWithIdentity,
  widgetIdentityQuery,
} from "./identity";

const SECRET = "test-secret-that-is-at-least-32-characters-long";
const acme = openCustomerWorkspaces();
const { db } = acme;
const { start: now, afterMinutes } = testClock();

const secretOf = async (workspaceId = acme.workspace.id) => {
  const [row] = await db()
    .select({ secret: workspaces.identitySecret })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return row?.secret ?? "";
};

/** A site user's identity, signed with this workspace's secret as the site's server would. */
const signed = async (id: string, extra: Partial<SiteIdentity> = {}): Promise<SiteIdentity> => ({
  id,
  hash: identityHash(await secretOf(), id),
  ...extra,
});

const signIn = (identity: SiteIdentity, at = now) =>
  signInWithIdentity(db(), { workspaceId: acme.workspace.id, identity, secret: SECRET, now: at });

const sessionOf = (token: string | undefined, at = now) =>
  customerFromSession(db(), { token, workspaceId: acme.workspace.id, secret: SECRET, now: at });

const customersWithExternalId = (externalId: string) =>
  db()
    .select()
    .from(customers)
    .where(and(eq(customers.workspaceId, acme.workspace.id), eq(customers.externalId, externalId)));

describe("signing in with a site's identity", () => {
  it("a valid signature signs in as the customer with that id, made once and found again", async () => {
    const id = `user-${randomUUID()}`;
    const first = await signIn(
      await signed(id, { name: "Frank\u202E Foster", email: " Frank@Example.com " }),
    );
    expect(first?.session).not.toBeNull();
    const actor = await sessionOf(first?.session?.token);
    expect(actor).toMatchObject({ customerId: first?.customerId, viaIdentity: true, email: null });

    const [made] = await customersWithExternalId(id);
    // Plain text; the address is kept unconfirmed, so nothing is emailed to it and it opens nothing.
    expect(made).toMatchObject({ name: "Frank Foster", email: null, pendingEmail: "frank@example.com" });

    const again = await signIn(await signed(id, { name: "Someone Else" }));
    expect(again?.customerId).toBe(first?.customerId);
    expect(await customersWithExternalId(id)).toHaveLength(1);
    expect((await customersWithExternalId(id))[0]?.name).toBe("Frank Foster");
  });

  it("two first sign-ins at once make one customer", async () => {
    const id = `user-${randomUUID()}`;
    const identity = await signed(id);
    const [a, b] = await Promise.all([signIn(identity), signIn(identity)]);
    expect(a?.customerId).toBe(b?.customerId);
    expect(await customersWithExternalId(id)).toHaveLength(1);
  });

  it("with no usable name or email, the customer is called Customer and has no address", async () => {
    const id = `user-${randomUUID()}`;
    await signIn(await signed(id, { name: "\u200B ", email: "not an address" }));
    expect((await customersWithExternalId(id))[0]).toMatchObject({
      name: "Customer",
      email: null,
      pendingEmail: null,
    });
  });

  it("a browser already signed in as that identity keeps its session", async () => {
    const id = `user-${randomUUID()}`;
    const first = await signIn(await signed(id));
    const current = await sessionOf(first?.session?.token);
    const again = await signInWithIdentity(db(), {
      workspaceId: acme.workspace.id,
      identity: await signed(id),
      current,
      secret: SECRET,
      now,
    });
    expect(again).toEqual({ customerId: first?.customerId, session: null });

    // The same customer from an emailed link is not an identity session: it is replaced.
    const linked = await startCustomerSession(
      db(),
      { customerId: first?.customerId ?? "", workspaceId: acme.workspace.id },
      SECRET,
      now,
    );
    const replaced = await signInWithIdentity(db(), {
      workspaceId: acme.workspace.id,
      identity: await signed(id),
      current: await sessionOf(linked.token),
      secret: SECRET,
      now,
    });
    expect(replaced?.session).not.toBeNull();
  });

  it("a forged, foreign, malformed or missing signature grants nothing and makes nobody", async () => {
    const id = `user-${randomUUID()}`;
    const good = identityHash(await secretOf(), id);
    const attempts = [
      identityHash("a-key-that-is-not-the-workspace-secret", id), // forged
      identityHash(await secretOf(acme.outsider.workspaceId), id), // another workspace's secret
      identityHash(await secretOf(), `${id}x`), // another user's signature
      `${good.slice(0, 63)}${good[63] === "0" ? "1" : "0"}`, // one digit off
      good.slice(0, 62), // too short
      `${good}00`, // too long
      `${good.slice(0, 62)}zz`, // not hex
      "",
    ];
    for (const hash of attempts) expect(await signIn({ id, hash }), hash).toBeNull();
    expect(await customersWithExternalId(id)).toHaveLength(0);
    // Upper-case hex is the same signature.
    expect(await signIn({ id, hash: good.toUpperCase() })).not.toBeNull();
  });

  it("never signs in as the customer whose address the identity claims", async () => {
    const id = `user-${randomUUID()}`;
    const result = await signIn(await signed(id, { email: acme.dana.email, name: acme.dana.name }));
    expect(result?.customerId).not.toBe(acme.dana.customerId);
    expect(await sessionOf(result?.session?.token)).toMatchObject({ email: null });
    const [dana] = await db().select().from(customers).where(eq(customers.id, acme.dana.customerId));
    expect(dana).toMatchObject({ email: acme.dana.email, externalId: null });
  });

  it("refuses a revoked customer", async () => {
    const id = `user-${randomUUID()}`;
    const first = await signIn(await signed(id));
    await db()
      .update(customers)
      .set({ revokedAt: now })
      .where(eq(customers.id, first?.customerId ?? ""));
    expect(await signIn(await signed(id))).toBeNull();
  });

  it("reads the widget address's parameters, capped, and only with an id and a hash", () => {
    const hash = "a".repeat(64);
    expect(widgetIdentityQuery.parse({ user_id: "42", user_hash: hash, user_name: "Ann" })).toEqual({
      id: "42",
      hash,
      email: "",
      name: "Ann",
    });
    expect(widgetIdentityQuery.parse({ user_id: "42" })).toBeNull();
    expect(widgetIdentityQuery.parse({ user_hash: hash })).toBeNull();
    expect(widgetIdentityQuery.parse({ user_id: ["42", "43"], user_hash: hash })).toBeNull();
    expect(widgetIdentityQuery.parse({ user_id: "x".repeat(201), user_hash: hash })).toBeNull();
    expect(widgetIdentityQuery.parse({ user_id: "42", user_hash: `${hash}0` })).toBeNull();
  });
});

describe("rotating the identity secret", () => {
  it("the old signature grants nothing, and the sessions it made end; other sessions stay", async () => {
    const id = `user-${randomUUID()}`;
    const oldIdentity = await signed(id);
    const viaIdentity = await signIn(oldIdentity);
    const viaLink = await startCustomerSession(
      db(),
      { customerId: acme.erin.customerId, workspaceId: acme.workspace.id },
      SECRET,
      now,
    );
    const otherWorkspace = await signInWithIdentity(db(), {
      workspaceId: acme.outsider.workspaceId,
      identity: { id, hash: identityHash(await secretOf(acme.outsider.workspaceId), id) },
      secret: SECRET,
      now,
    });

    const identitySessionId = (await sessionOf(viaIdentity?.session?.token))?.sessionId;
    const { endedSessions } = await rotateIdentitySecret(db(), { actor: acme.alice, now: afterMinutes(1) });

    expect(await signIn(oldIdentity, afterMinutes(2))).toBeNull();
    expect(await sessionOf(viaIdentity?.session?.token, afterMinutes(2))).toBeNull();
    expect((await sessionOf(viaLink.token, afterMinutes(2)))?.customerId).toBe(acme.erin.customerId);
    const stillThere = await customerFromSession(db(), {
      token: otherWorkspace?.session?.token,
      workspaceId: acme.outsider.workspaceId,
      secret: SECRET,
      now: afterMinutes(2),
    });
    expect(stillThere?.viaIdentity).toBe(true);
    expect(endedSessions).toContain(identitySessionId);
    expect(endedSessions).not.toContain(viaLink.sessionId);

    // The new secret signs in again.
    const fresh = await signIn(await signed(id), afterMinutes(3));
    expect(fresh?.customerId).toBe(viaIdentity?.customerId);
    expect(await getIdentitySecret(db(), { actor: acme.alice })).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is for admins only, as is reading the secret", async () => {
    const before = await secretOf();
    await expect(rotateIdentitySecret(db(), { actor: acme.bob })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(getIdentitySecret(db(), { actor: acme.bob })).rejects.toMatchObject({ code: "forbidden" });
    expect(await secretOf()).toBe(before);
    // Another workspace's admin rotates their own.
    await rotateIdentitySecret(db(), { actor: acme.globexAdmin });
    expect(await secretOf()).toBe(before);
  });
});
