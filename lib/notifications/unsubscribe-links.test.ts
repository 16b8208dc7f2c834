import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { customers, emailOutbox, users, workspaces } from "@/db/schema";
import {
  createTestDb,
  createWorkspace,
  type FakeResendWithDriver,
  startFakeResendWithDriver,
  type TestWorkspace,
  testClock,
} from "@/db/testing";
import { requestCustomerSignInLink } from "@/lib/chat/sign-in-links";
import { signToken } from "@/lib/chat/signed-token";
import { startCustomerConversation, startInternalConversation } from "@/lib/conversations/start-conversation";
import type { FakeEmail } from "@/lib/email/fake-resend";
import { runEmailSweep } from "./email-sweep";
import { findSubscriber, setEmailSubscription, unsubscribeToken } from "./unsubscribe-links";

const SECRET = "test-secret-that-is-at-least-32-characters-long";
const APP_URL = "http://app.test";
let fake: FakeResendWithDriver;
let connection: Connection;
let acme: TestWorkspace;
let globex: TestWorkspace;
const { afterSeconds: at } = testClock();
let clock = 0;
/** A moment later than the last test's: each test starts there. */
const later = () => {
  clock += 1_000;
  return at(clock);
};
const sweep = (now: Date) =>
  runEmailSweep(connection.db, { driver: fake.driver, now, appUrl: APP_URL, secret: SECRET });
const to = (address: string) => fake.accepted.filter((email) => email.to.includes(address));

beforeAll(async () => {
  fake = await startFakeResendWithDriver({ from: "Acme Help <help@acme.test>" });
  connection = await createTestDb();
  acme = await createWorkspace(connection, {
    slug: "acme",
    team: ["Alice Admin", "Bob Builder"],
    customers: ["Dana Diaz", "Erin Evans"],
  });
  globex = await createWorkspace(connection, { slug: "globex", team: ["Gus Globex"] });
  await connection.db.update(workspaces).set({ customerEmailEnabled: true });
});
afterAll(async () => {
  await fake.close();
  await connection.close();
});
beforeEach(async () => {
  await sweep(at(10_000_000));
  fake.reset();
  await connection.db.update(users).set({ emailChoice: "all" });
  await connection.db.update(customers).set({ notifyEmail: true });
});

const bob = () => acme.member("Bob Builder");
const dana = () => acme.customer("Dana Diaz");

/** Alice writes to Bob, who has not seen it by the workspace's delay. */
async function aliceWritesToBob(body: string, now: Date) {
  await startInternalConversation(connection.db, {
    actor: acme.member("Alice Admin"),
    participantIds: [bob().userId],
    body,
    clientMessageId: randomUUID(),
    now,
  });
}

/** Alice writes to Dana, who is not on the chat page: emailed at once. */
async function aliceWritesToDana(body: string, now: Date) {
  await startCustomerConversation(connection.db, {
    actor: acme.member("Alice Admin"),
    customerIds: [dana().customerId],
    userIds: [],
    body,
    clientMessageId: randomUUID(),
    now,
  });
}

/** The link in the List-Unsubscribe header, checked to be the one in the body too. */
function unsubscribeLinkOf(email: FakeEmail | undefined) {
  const header = email?.headers?.["List-Unsubscribe"] ?? "";
  const link = /^<(http:\/\/app\.test\/unsubscribe\/[^>]+)>$/.exec(header)?.[1];
  if (!link) throw new Error(`no one-click unsubscribe link in ${JSON.stringify(email?.headers)}`);
  expect(email?.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  expect(email?.text).toContain(`Unsubscribe: ${link}`);
  expect(email?.html).toContain(`href="${link}"`);
  return link;
}
const tokenOf = (link: string) => decodeURIComponent(link.split("/").pop() ?? "");

const emailOn = sql<boolean>`${users.emailChoice} <> 'none'`;
const emailSettings = async () => ({
  bob:
    (await connection.db.select().from(users).where(eq(users.id, bob().userId)))[0]?.emailChoice !== "none",
  dana: (await connection.db.select().from(customers).where(eq(customers.id, dana().customerId)))[0]
    ?.notifyEmail,
  everyone: [
    ...(await connection.db.select({ on: emailOn }).from(users)),
    ...(await connection.db.select({ on: customers.notifyEmail }).from(customers)),
  ].every((row) => row.on),
});

describe("one-click unsubscribing from notification emails (RFC 8058)", () => {
  it("is in the headers and the footer of a team member's email, and turns their own email off", async () => {
    const start = later();
    await aliceWritesToBob("Can you check the lockbox?", start);
    await sweep(at(clock + 61));
    const [email] = to("bob.builder@acme.test");
    const token = tokenOf(unsubscribeLinkOf(email));
    // The settings link stays beside it.
    expect(email?.text).toContain("Notification settings: http://app.test/settings/notifications");
    // The outbox keeps the headers it handed over.
    const [row] = await connection.db
      .select({ headers: emailOutbox.headers })
      .from(emailOutbox)
      .where(eq(emailOutbox.to, "bob.builder@acme.test"));
    expect(row?.headers).toEqual(email?.headers);

    expect(await findSubscriber(connection.db, { token, secret: SECRET })).toMatchObject({
      kind: "user",
      id: bob().userId,
      email: "bob.builder@acme.test",
      workspaceName: "acme",
      subscribed: true,
    });
    await setEmailSubscription(connection.db, { token, subscribed: false, secret: SECRET });
    expect(await emailSettings()).toMatchObject({ bob: false, dana: true });
    expect(await findSubscriber(connection.db, { token, secret: SECRET })).toMatchObject({
      subscribed: false,
    });
  });

  it("is in a customer's email too, and turns only that customer's email off", async () => {
    const start = later();
    await aliceWritesToDana("Your refund is on its way", start);
    await sweep(start);
    const token = tokenOf(unsubscribeLinkOf(to("dana.diaz@customer.test")[0]));
    await setEmailSubscription(connection.db, { token, subscribed: false, secret: SECRET });
    expect(await emailSettings()).toMatchObject({ bob: true, dana: false });
  });

  it("is not on a sign-in link, which is no notification", async () => {
    await requestCustomerSignInLink(connection.db, {
      workspace: acme.workspace,
      email: "erin.evans@customer.test",
      clientAddress: null,
      appUrl: APP_URL,
      now: later(),
    });
    const rows = await connection.db
      .select({ headers: emailOutbox.headers })
      .from(emailOutbox)
      .where(eq(emailOutbox.to, "erin.evans@customer.test"));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.headers).toBeNull();
  });

  it("stops the emails already planned, and undoing it brings the next ones back", async () => {
    const start = later();
    const token = unsubscribeToken(
      { kind: "user", id: bob().userId, workspaceId: acme.workspace.id },
      SECRET,
    );
    const customerToken = unsubscribeToken(
      { kind: "customer", id: dana().customerId, workspaceId: acme.workspace.id },
      SECRET,
    );
    // Planned while subscribed (Dana's due at once, Bob's after the delay), unsubscribed before the sweep.
    await aliceWritesToBob("Planned before", start);
    await aliceWritesToDana("Planned before", start);
    await setEmailSubscription(connection.db, { token, subscribed: false, secret: SECRET });
    await setEmailSubscription(connection.db, { token: customerToken, subscribed: false, secret: SECRET });
    await sweep(at(clock + 61));
    await aliceWritesToBob("After unsubscribing", at(clock + 62));
    await sweep(at(clock + 200));
    expect(fake.requests).toEqual([]);

    // Subscribe again, with the same link.
    await setEmailSubscription(connection.db, { token, subscribed: true, secret: SECRET });
    await setEmailSubscription(connection.db, { token: customerToken, subscribed: true, secret: SECRET });
    expect(await emailSettings()).toMatchObject({ everyone: true });
    await aliceWritesToBob("After subscribing again", at(clock + 300));
    await aliceWritesToDana("After subscribing again", at(clock + 300));
    await sweep(at(clock + 400));
    expect(to("bob.builder@acme.test").map((email) => email.text)).toEqual([
      expect.stringContaining("After subscribing again"),
    ]);
    expect(to("dana.diaz@customer.test").map((email) => email.text)).toEqual([
      expect.stringContaining("After subscribing again"),
    ]);
  });

  describe("a link that is not that person's genuine link changes nothing", () => {
    const bobsToken = () =>
      unsubscribeToken({ kind: "user", id: bob().userId, workspaceId: acme.workspace.id }, SECRET);
    /** Bob's token with its payload rewritten and its signature kept. */
    const altered = (change: (payload: Record<string, unknown>) => Record<string, unknown>) => {
      const [body, signature] = bobsToken().split(".");
      const payload = JSON.parse(Buffer.from(body ?? "", "base64url").toString());
      return `${Buffer.from(JSON.stringify(change(payload))).toString("base64url")}.${signature}`;
    };
    const exp = () => Math.floor(Date.now() / 1000) + 3600;

    it.each([
      ["Bob's link altered to name Alice", () => altered((p) => ({ ...p, p: acme.idOf("Alice Admin") }))],
      [
        "Bob's link altered to name Dana, a customer",
        () => altered((p) => ({ ...p, k: "c", p: dana().customerId })),
      ],
      ["Bob's link with one character of its signature changed", () => `${bobsToken().slice(0, -2)}xx`],
      [
        "a link signed with another secret",
        () =>
          unsubscribeToken(
            { kind: "user", id: bob().userId, workspaceId: acme.workspace.id },
            "another-secret-that-is-at-least-32-characters",
          ),
      ],
      [
        "a link for Bob signed for another workspace",
        () =>
          signToken(
            "email-unsubscribe",
            { k: "u", p: bob().userId, w: globex.workspace.id, exp: exp() },
            SECRET,
          ),
      ],
      [
        "a link for Gus of Globex that names Acme",
        () =>
          signToken(
            "email-unsubscribe",
            { k: "u", p: globex.idOf("Gus Globex"), w: acme.workspace.id, exp: exp() },
            SECRET,
          ),
      ],
      [
        "a customer link made for another purpose (a conversation link)",
        () =>
          signToken(
            "conversation-link",
            { k: "c", p: dana().customerId, w: acme.workspace.id, exp: exp() },
            SECRET,
          ),
      ],
      [
        "a genuine link whose expiry has passed (none is made, but none would pass)",
        () =>
          signToken(
            "email-unsubscribe",
            { k: "u", p: bob().userId, w: acme.workspace.id, exp: Math.floor(Date.now() / 1000) - 1 },
            SECRET,
          ),
      ],
      ["no link at all", () => "not-a-token"],
    ])("%s", async (_, token) => {
      for (const subscribed of [false, true]) {
        await connection.db.update(users).set({ emailChoice: subscribed ? "none" : "all" });
        await connection.db.update(customers).set({ notifyEmail: !subscribed });
        expect(await findSubscriber(connection.db, { token: token(), secret: SECRET })).toBeNull();
        await expect(
          setEmailSubscription(connection.db, { token: token(), subscribed, secret: SECRET }),
        ).rejects.toMatchObject({ code: "unsubscribe_link_invalid" });
        const settings = [
          ...(await connection.db.select({ on: emailOn }).from(users)),
          ...(await connection.db.select({ on: customers.notifyEmail }).from(customers)),
        ];
        expect(settings.every((row) => row.on === !subscribed)).toBe(true);
      }
    });

    it("and another person's genuine link changes only theirs", async () => {
      const gus = globex.idOf("Gus Globex");
      const gusToken = unsubscribeToken({ kind: "user", id: gus, workspaceId: globex.workspace.id }, SECRET);
      await setEmailSubscription(connection.db, { token: gusToken, subscribed: false, secret: SECRET });
      const off = await connection.db
        .select({ id: users.id })
        .from(users)
        .where(eq(users.emailChoice, "none"));
      expect(off).toEqual([{ id: gus }]);
    });
  });
});
