import { randomUUID } from "node:crypto";
import { and, count, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { authSessions, customers, deliveries, emailOutbox, messages, participants } from "@/db/schema";
import {
  type CustomerWorkspaces,
  createCustomerWorkspaces,
  createTestDb,
  type FakeResendWithDriver,
  startFakeResendWithDriver,
} from "@/db/testing";
import type { CustomerActor } from "@/lib/auth/actor";
import { editMessage } from "@/lib/conversations/change-message";
import { listCustomerConversations } from "@/lib/conversations/customer-views";
import { postMessage } from "@/lib/conversations/post-message";
import { startConversationAsCustomer } from "@/lib/conversations/start-conversation";
import { listConversations } from "@/lib/conversations/views";
import { DomainError } from "@/lib/domain-error";
import { runEmailSweep } from "@/lib/notifications/email-sweep";
import { setCustomerBlocked } from "@/lib/people/access-control";
import { updateCustomer } from "@/lib/people/customer-records";
import { customerFromSession } from "./customer-session";
import { consumeCustomerSignInLink, peekCustomerSignInLink } from "./sign-in-links";
import { getVisitorEmailState, requestVisitorEmail } from "./visitor-email";
import { NEW_VISITORS_PER_CLIENT, startVisitorConversation, VISITOR_NAME } from "./visitors";

const SECRET = "test-secret-that-is-at-least-32-characters-long";
let connection: Connection;
let fake: FakeResendWithDriver;
let acme: CustomerWorkspaces;
const db = () => connection.db;

beforeAll(async () => {
  fake = await startFakeResendWithDriver({ from: "Acme <help@acme.test>" });
  connection = await createTestDb();
  acme = await createCustomerWorkspaces(connection);
});
afterAll(async () => {
  await fake.close();
  await connection.close();
});

const clientId = () => randomUUID().replaceAll("-", "");
/** Each test writes from its own network, so the per-address limits of one do not reach another. */
const network = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${randomUUID().slice(0, 6)}`;

/** Someone with no session writes on Acme's chat page; they get the visitor's actor and cookie. */
async function visitorWrites(body = "Hi, is anyone there?", clientAddress = network(), now?: Date) {
  const clientMessageId = clientId();
  const { posted, session } = await startVisitorConversation(db(), {
    workspaceId: acme.workspace.id,
    body,
    clientMessageId,
    clientAddress,
    secret: SECRET,
    now,
  });
  const actor = await customerFromSession(db(), {
    token: session.token,
    workspaceId: acme.workspace.id,
    secret: SECRET,
  });
  if (!actor) throw new Error("the visitor's session does not sign them in");
  return { posted, token: session.token, actor, clientMessageId, clientAddress };
}

const sweep = (secondsFromNow = 1) =>
  runEmailSweep(db(), {
    driver: fake.driver,
    now: new Date(Date.now() + secondsFromNow * 1000),
    appUrl: "http://app.test",
    secret: SECRET,
  });

const reply = (conversationId: string, body: string) =>
  postMessage(db(), { actor: acme.alice, conversationId, body, clientMessageId: randomUUID() });

async function linkTo(address: string) {
  const [email] = await db()
    .select({ text: emailOutbox.text })
    .from(emailOutbox)
    .where(eq(emailOutbox.to, address))
    .orderBy(sql`${emailOutbox.createdAt} desc`)
    .limit(1);
  const token = /token=([A-Za-z0-9_-]+)/.exec(email?.text ?? "")?.[1];
  if (!token) throw new Error(`no link emailed to ${address}`);
  return token;
}

const askToBeNotified = (actor: CustomerActor, email: string, name = "Vera Visitor") =>
  requestVisitorEmail(db(), { actor, fields: { name, email }, appUrl: "http://app.test" });

/** The link used in a browser signed in as `browser` (the visitor's own, unless a test says otherwise). */
const confirm = (token: string, browser: CustomerActor | null) =>
  consumeCustomerSignInLink(db(), {
    workspaceId: acme.workspace.id,
    token,
    browserCustomerId: browser?.customerId ?? null,
  });

describe("a visitor writes at once", () => {
  it("becomes a customer with no address, whose conversation is in the team's Open Conversations", async () => {
    const { posted, actor } = await visitorWrites("Do you ship to Norway?");
    expect(actor).toMatchObject({ email: null, name: VISITOR_NAME, workspaceId: acme.workspace.id });
    const open = await listConversations(db(), { actor: acme.alice, view: "open" });
    const row = open.rows.find((r) => r.id === posted.conversationId);
    expect(row?.people.filter((person) => person.kind === "customer")).toEqual([
      expect.objectContaining({ id: actor.customerId, visitor: true }),
    ]);
    expect(row?.preview?.body).toBe("Do you ship to Norway?");
  });

  it("makes no visitor for a message that is refused", async () => {
    const [before] = await db().select({ n: count() }).from(customers);
    await expect(
      startVisitorConversation(db(), {
        workspaceId: acme.workspace.id,
        body: "   ",
        clientMessageId: clientId(),
        clientAddress: network(),
        secret: SECRET,
      }),
    ).rejects.toMatchObject({ code: "invalid_body" });
    const [after] = await db().select({ n: count() }).from(customers);
    expect(after?.n).toBe(before?.n);
  });

  it("stores a retried first message once, for the same visitor, and signs the browser in again", async () => {
    const first = await visitorWrites("Retried hello");
    const again = await startVisitorConversation(db(), {
      workspaceId: acme.workspace.id,
      body: "Retried hello",
      clientMessageId: first.clientMessageId,
      clientAddress: first.clientAddress,
      secret: SECRET,
    });
    expect(again.posted).toEqual(first.posted);
    const retried = await customerFromSession(db(), {
      token: again.session.token,
      workspaceId: acme.workspace.id,
      secret: SECRET,
    });
    expect(retried?.customerId).toBe(first.actor.customerId);
    const stored = await db()
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.body, "Retried hello"));
    expect(stored).toHaveLength(1);
  });

  it("limits new visitors per network, with the wait, and makes none past it", async () => {
    const address = network();
    for (let i = 0; i < NEW_VISITORS_PER_CLIENT.max; i++) await visitorWrites(`Flood ${i}`, address);
    const refusal = await startVisitorConversation(db(), {
      workspaceId: acme.workspace.id,
      body: "One too many",
      clientMessageId: clientId(),
      clientAddress: address,
      secret: SECRET,
    }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: "rate_limited", retryAfterSeconds: expect.any(Number) });
    expect(await db().select().from(messages).where(eq(messages.body, "One too many"))).toHaveLength(0);
  });

  it("limits visitors' messages per network too, past what each may send", async () => {
    const address = network();
    // One minute's window for all of it, whatever the clock does meanwhile.
    const now = new Date("2030-01-01T00:00:10.000Z");
    // Two visitors on one network send 30 each: each at their own limit, the network at its 60.
    for (const who of ["one", "two"]) {
      const visitor = await visitorWrites(`First from ${who}`, address, now);
      for (let i = 1; i < 30; i++)
        await postMessage(db(), {
          // As the chat page's actions make it: the request's network address with the session's visitor.
          actor: { ...visitor.actor, clientAddress: address },
          conversationId: visitor.posted.conversationId,
          body: `${who} ${i}`,
          clientMessageId: clientId(),
          now,
        });
    }
    const [before] = await db().select({ n: count() }).from(customers);
    await expect(visitorWrites("A third visitor", address, now)).rejects.toMatchObject({
      code: "rate_limited",
    });
    const [after] = await db().select({ n: count() }).from(customers);
    expect(after?.n).toBe(before?.n);
  });

  it("is nobody in another workspace: its cookie there signs in no one", async () => {
    const { token } = await visitorWrites();
    const globexId = acme.outsider.workspaceId;
    expect(await customerFromSession(db(), { token, workspaceId: globexId, secret: SECRET })).toBeNull();
  });

  it("gets no email for a reply, even with an address given and not confirmed", async () => {
    const { actor, posted } = await visitorWrites("Emails?");
    const address = `unconfirmed-${randomUUID().slice(0, 6)}@visitor.test`;
    await askToBeNotified(actor, address);
    await reply(posted.conversationId, "Reply before confirming");
    await sweep(120);
    const planned = await db()
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.recipientCustomerId, actor.customerId), eq(deliveries.channel, "email")));
    expect(planned, JSON.stringify(planned)).toHaveLength(0);
    const toVisitor = fake.accepted.filter((email) => email.to.includes(address));
    // The link to confirm the address, and nothing else.
    expect(toVisitor.map((email) => email.subject)).toEqual([expect.stringContaining("Confirm your email")]);
  });
});

describe("a visitor asks to be notified by email", () => {
  it("stores the address as unconfirmed and emails one link to confirm it, once", async () => {
    const { actor } = await visitorWrites();
    const address = `vera-${randomUUID().slice(0, 6)}@visitor.test`;
    expect(await askToBeNotified(actor, address)).toMatchObject({ email: address, sent: true });
    expect(await askToBeNotified(actor, address)).toMatchObject({ email: address, sent: false });
    const written = await db().select().from(emailOutbox).where(eq(emailOutbox.to, address));
    expect(written).toHaveLength(1);
    expect(written[0]?.subject).toContain("Confirm your email address");
    expect(await getVisitorEmailState(db(), actor)).toEqual({
      name: "Vera Visitor",
      pendingEmail: address,
      linkSentTo: address,
    });
    const [row] = await db().select().from(customers).where(eq(customers.id, actor.customerId));
    expect(row).toMatchObject({ email: null, pendingEmail: address, name: "Vera Visitor" });
    expect(
      await peekCustomerSignInLink(db(), {
        workspaceId: acme.workspace.id,
        token: await linkTo(address),
        browserCustomerId: actor.customerId,
      }),
    ).toMatchObject({ email: address, confirmsVisitor: true });
  });

  it("is refused to a customer who has an address already", async () => {
    await expect(askToBeNotified(acme.dana, "other@customer.test")).rejects.toMatchObject({
      code: "not_a_visitor",
    });
  });

  it("confirmed, makes the visitor that customer, ends their sessions, and emails the replies they missed", async () => {
    const { actor, posted, token: cookie } = await visitorWrites("Please email me");
    await reply(posted.conversationId, "Missed while a visitor");
    const address = `new-${randomUUID().slice(0, 6)}@visitor.test`;
    await askToBeNotified(actor, address);
    const signedIn = await confirm(await linkTo(address), actor);
    expect(signedIn.customerId).toBe(actor.customerId);
    expect(signedIn.endedSessions.length).toBeGreaterThan(0);
    const [row] = await db().select().from(customers).where(eq(customers.id, actor.customerId));
    expect(row).toMatchObject({ email: address, pendingEmail: null });
    // Whoever typed the address may not own it: the browser they wrote from is signed out.
    expect(
      await customerFromSession(db(), { token: cookie, workspaceId: acme.workspace.id, secret: SECRET }),
    ).toBeNull();

    const missed = () =>
      fake.accepted.filter(
        (email) => email.to.includes(address) && email.text.includes("Missed while a visitor"),
      );
    await sweep(5);
    expect(missed()).toHaveLength(1);
    // Planned once: another sweep sends nothing more.
    await sweep(10);
    expect(missed()).toHaveLength(1);
  });
});

describe("a visitor who types a known customer's address", () => {
  it("sees nothing of theirs; once the link is used, is merged into them and the replies they missed are emailed", async () => {
    const dana = acme.dana;
    const { conversationId: danasOwn } = await acme.withDana("Dana's private matter");
    const { actor, posted } = await visitorWrites("I am Dana, honest");
    await reply(posted.conversationId, "Reply to the visitor");
    await askToBeNotified(actor, dana.email ?? "");

    // Before the link: the visitor's own conversation only; Dana's stays Dana's.
    const seen = await listCustomerConversations(db(), { actor });
    expect(seen.map((row) => row.id)).toEqual([posted.conversationId]);
    await expect(
      postMessage(db(), { actor, conversationId: danasOwn, body: "Let me in", clientMessageId: clientId() }),
    ).rejects.toMatchObject({ code: "conversation_not_found" });

    fake.reset();
    const signedIn = await confirm(await linkTo(dana.email ?? ""), actor);
    expect(signedIn.customerId).toBe(dana.customerId);
    expect(await db().select().from(customers).where(eq(customers.id, actor.customerId))).toHaveLength(0);
    const hers = await listCustomerConversations(db(), { actor: dana });
    expect(hers.map((row) => row.id)).toEqual(expect.arrayContaining([danasOwn, posted.conversationId]));

    await sweep(5);
    const emailed = fake.accepted.filter((email) => email.to.includes(dana.email ?? ""));
    expect(emailed.some((email) => email.text.includes("Reply to the visitor"))).toBe(true);
  });

  it("confirms nothing when the address's owner opens the link in her own browser: it signs her in as herself", async () => {
    const { actor, posted } = await visitorWrites("Refund to card 4242, signed Erin");
    // A site's user, say, whom the site will sign in again by this id whenever they come back.
    await db()
      .update(customers)
      .set({ externalId: `site-${randomUUID().slice(0, 8)}` })
      .where(eq(customers.id, actor.customerId));
    await askToBeNotified(actor, acme.erin.email ?? "");
    const signedIn = await confirm(await linkTo(acme.erin.email ?? ""), acme.erin);
    expect(signedIn).toEqual({ customerId: acme.erin.customerId, endedSessions: [] });
    const [visitor] = await db().select().from(customers).where(eq(customers.id, actor.customerId));
    expect(visitor).toMatchObject({ email: null });
    const [erin] = await db().select().from(customers).where(eq(customers.id, acme.erin.customerId));
    expect(erin?.externalId).toBeNull();
    const hers = await listCustomerConversations(db(), { actor: acme.erin });
    expect(hers.map((row) => row.id)).not.toContain(posted.conversationId);
  });

  it("opened in a browser with no session, signs in by the address and leaves the visitor as they were", async () => {
    const { actor } = await visitorWrites("Another browser");
    const address = `elsewhere-${randomUUID().slice(0, 6)}@visitor.test`;
    await askToBeNotified(actor, address);
    const token = await linkTo(address);
    expect(await peekCustomerSignInLink(db(), { workspaceId: acme.workspace.id, token })).toMatchObject({
      confirmsVisitor: false,
    });
    const signedIn = await confirm(token, null);
    expect(signedIn.customerId).not.toBe(actor.customerId);
    const [visitor] = await db().select().from(customers).where(eq(customers.id, actor.customerId));
    expect(visitor).toMatchObject({ email: null, pendingEmail: address });
  });

  it("merged while still sending: every message is either kept (and Dana's now) or refused, none lost", async () => {
    const { actor, posted } = await visitorWrites("Sending fast");
    await askToBeNotified(actor, acme.dana.email ?? "");
    const token = await linkTo(acme.dana.email ?? "");
    const sends = Array.from({ length: 8 }, (_, i) =>
      postMessage(db(), {
        actor,
        conversationId: posted.conversationId,
        body: `race ${i}`,
        clientMessageId: clientId(),
      }),
    );
    const [outcomes] = await Promise.all([Promise.allSettled(sends), confirm(token, actor)]);
    const kept = outcomes.filter((o) => o.status === "fulfilled").length;
    for (const outcome of outcomes)
      if (outcome.status === "rejected")
        expect(outcome.reason).toMatchObject({
          code: expect.stringMatching(/conversation_not_found|unauthenticated/),
        });
    const stored = await db()
      .select({ author: messages.authorCustomerId })
      .from(messages)
      .where(and(eq(messages.conversationId, posted.conversationId), sql`${messages.body} like 'race %'`));
    expect(stored).toHaveLength(kept);
    expect(stored.every((row) => row.author === acme.dana.customerId)).toBe(true);
    const [dana] = await db()
      .select()
      .from(participants)
      .where(
        and(
          eq(participants.conversationId, posted.conversationId),
          eq(participants.customerId, acme.dana.customerId),
        ),
      );
    expect(dana).toBeDefined();
  });
});

describe("a customer a site vouches for, merged by confirming a known address", () => {
  it("brings the site's id for them to the customer they are merged into", async () => {
    const { actor } = await visitorWrites("Signed in on the site");
    const externalId = `site-${randomUUID().slice(0, 8)}`;
    await db().update(customers).set({ externalId }).where(eq(customers.id, actor.customerId));
    await askToBeNotified(actor, acme.erin.email ?? "");
    await confirm(await linkTo(acme.erin.email ?? ""), actor);
    const [erin] = await db().select().from(customers).where(eq(customers.id, acme.erin.customerId));
    expect(erin?.externalId).toBe(externalId);
  });
});

describe("blocking", () => {
  it("refuses a blocked customer's messages politely, stores nothing, and lets them write again once unblocked", async () => {
    const { actor, posted } = await visitorWrites("Before the block");
    await setCustomerBlocked(db(), { actor: acme.alice, customerId: actor.customerId, blocked: true });
    const refusal = await postMessage(db(), {
      actor,
      conversationId: posted.conversationId,
      body: "After the block",
      clientMessageId: clientId(),
    }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: "customer_blocked", message: expect.stringMatching(/^Sorry/) });
    await expect(
      startConversationAsCustomer(db(), { actor, body: "New one", clientMessageId: clientId() }),
    ).rejects.toMatchObject({ code: "customer_blocked" });
    expect(await db().select().from(messages).where(eq(messages.body, "After the block"))).toHaveLength(0);

    await setCustomerBlocked(db(), { actor: acme.alice, customerId: actor.customerId, blocked: false });
    await postMessage(db(), {
      actor,
      conversationId: posted.conversationId,
      body: "After the unblock",
      clientMessageId: clientId(),
    });
  });

  it("holds for edits and confirmation emails too, and through a merge", async () => {
    const { actor, posted } = await visitorWrites("Words to edit later");
    const address = `blocked-${randomUUID().slice(0, 6)}@visitor.test`;
    await askToBeNotified(actor, address);
    const token = await linkTo(address);
    await setCustomerBlocked(db(), { actor: acme.alice, customerId: actor.customerId, blocked: true });
    await expect(
      editMessage(db(), { actor, messageId: posted.messageId, body: "Edited" }),
    ).rejects.toMatchObject({
      code: "customer_blocked",
    });
    await expect(askToBeNotified(actor, `other-${address}`)).rejects.toMatchObject({
      code: "customer_blocked",
    });
    // Their address is owned by a customer already: confirming merges them, still blocked.
    const [owner] = await db()
      .insert(customers)
      .values({ workspaceId: acme.workspace.id, name: "Owner", email: address })
      .returning({ id: customers.id });
    const signedIn = await confirm(token, actor);
    expect(signedIn.customerId).toBe(owner?.id);
    const [merged] = await db()
      .select()
      .from(customers)
      .where(eq(customers.id, owner?.id ?? ""));
    expect(merged?.blockedAt).not.toBeNull();
  });

  it("is for admins of the customer's own workspace only", async () => {
    const { actor } = await visitorWrites();
    await expect(
      setCustomerBlocked(db(), { actor: acme.bob, customerId: actor.customerId, blocked: true }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      setCustomerBlocked(db(), { actor: acme.globexAdmin, customerId: actor.customerId, blocked: true }),
    ).rejects.toMatchObject({ code: "customer_not_found" });
    const [row] = await db()
      .select({ blockedAt: customers.blockedAt })
      .from(customers)
      .where(and(eq(customers.id, actor.customerId), isNull(customers.blockedAt)));
    expect(row).toBeDefined();
  });
});

describe("an admin who gives a visitor an address", () => {
  it("ends the visitor's sessions: the browser they wrote from has not shown the address is theirs", async () => {
    const { actor, token } = await visitorWrites("Admin will fix my address");
    await updateCustomer(db(), {
      actor: acme.alice,
      customerId: actor.customerId,
      fields: { name: "Vic Visitor", email: `set-by-admin-${randomUUID().slice(0, 6)}@visitor.test` },
    });
    expect(
      await customerFromSession(db(), { token, workspaceId: acme.workspace.id, secret: SECRET }),
    ).toBeNull();
  });
});

/** Sessions a visitor has are ordinary chat sessions: sign out everywhere and revocation end them. */
describe("a visitor's session", () => {
  it("is a row in auth_sessions, for the visitor", async () => {
    const { actor } = await visitorWrites();
    const rows = await db().select().from(authSessions).where(eq(authSessions.customerId, actor.customerId));
    expect(rows).toHaveLength(1);
  });
});
