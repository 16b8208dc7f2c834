import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import {
  conversations,
  customerSignInTokens,
  customers,
  deliveries,
  emailOutbox,
  messages,
  participants,
} from "@/db/schema";
import { createTestDb, createWorkspace, testClock } from "@/db/testing";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { setConversationStatus } from "@/lib/conversations/conversation-status";
import { listCustomerConversations } from "@/lib/conversations/customer-views";
import { getConversation, getCustomerConversation } from "@/lib/conversations/get-conversation";
import { listMessagesSince } from "@/lib/conversations/list-messages";
import { postMessage } from "@/lib/conversations/post-message";
import { markRead } from "@/lib/conversations/read-state";
import {
  startConversationAsCustomer,
  startCustomerConversation,
  startInternalConversation,
} from "@/lib/conversations/start-conversation";
import { announceTyping } from "@/lib/conversations/typing";
import { countUnreadByView, listConversations } from "@/lib/conversations/views";
import { DomainError } from "@/lib/domain-error";
import { mayListen } from "@/lib/realtime/authorize";
import { chatChannel, conversationChannel, customerChannel, userChannel } from "@/lib/realtime/channels";
import { setRealtimeDriver } from "@/lib/realtime/publish";
import { recordingDriver } from "@/lib/realtime/recording-driver";
import { conversationLink, customerOfConversationLink } from "./conversation-links";
import { chatSessionToken, customerFromSession } from "./customer-session";
import {
  consumeCustomerSignInLink,
  peekCustomerSignInLink,
  requestCustomerSignInLink,
} from "./sign-in-links";
import { signToken } from "./signed-token";

const SECRET = "test-secret-that-is-at-least-32-characters-long";
let connection: Connection;
let workspace: { id: string; slug: string; name: string };
let alice: TeamActor;
let bob: TeamActor;
let carol: TeamActor;
let dana: CustomerActor;
let erin: CustomerActor;
let outsider: CustomerActor;
let recorder: ReturnType<typeof recordingDriver>;
const db = () => connection.db;
const id = () => randomUUID();

beforeAll(async () => {
  connection = await createTestDb();
  const acme = await createWorkspace(connection, {
    slug: "acme",
    team: ["Alice Admin", "Bob Builder", "Carol Chen"],
    customers: ["Dana Diaz", "Erin Evans"],
    // Carol is not customer-facing: she sees only the customer conversations she takes part in.
    notCustomerFacing: ["Carol Chen"],
  });
  workspace = acme.workspace;
  alice = acme.member("Alice Admin");
  bob = acme.member("Bob Builder");
  carol = acme.member("Carol Chen");
  dana = acme.customer("Dana Diaz");
  erin = acme.customer("Erin Evans");
  const other = await createWorkspace(connection, {
    slug: "globex",
    team: ["Gus Globex"],
    customers: ["Olga Other"],
  });
  outsider = other.customer("Olga Other");
});
afterAll(() => connection.close());
beforeEach(() => {
  recorder = recordingDriver();
  setRealtimeDriver(recorder);
});

const withDana = (body = "Hello Dana", userIds: string[] = [bob.userId]) =>
  startCustomerConversation(db(), {
    actor: alice,
    customerIds: [dana.customerId],
    userIds,
    body,
    clientMessageId: id(),
  });

const rejectsNotFound = (promise: Promise<unknown>) =>
  expect(promise).rejects.toMatchObject({ code: "conversation_not_found" });

describe("a customer conversation started by the team", () => {
  it("includes the customers and teammates chosen, shows in Open Conversations, and the customer sees it", async () => {
    const { conversationId } = await withDana("Your order shipped");
    const people = await db()
      .select({ userId: participants.userId, customerId: participants.customerId })
      .from(participants)
      .where(eq(participants.conversationId, conversationId));
    expect(people).toHaveLength(3);
    expect(people.filter((p) => p.customerId === dana.customerId)).toHaveLength(1);

    const open = await listConversations(db(), { actor: bob, view: "open" });
    const row = open.rows.find((r) => r.id === conversationId);
    expect(row?.people.find((p) => p.kind === "customer")?.name).toBe("Dana Diaz");
    expect(row?.unread).toBe(true);
    expect((await countUnreadByView(db(), { actor: bob })).open).toBeGreaterThan(0);

    const mine = await listCustomerConversations(db(), { actor: dana });
    expect(mine.find((c) => c.id === conversationId)?.preview?.body).toBe("Your order shipped");
    const seen = await getCustomerConversation(db(), { actor: dana, conversationId });
    expect(seen?.messages.map((m) => [m.author?.name, m.body, m.kind === "user"])).toEqual([
      ["Alice Admin", "Your order shipped", true],
    ]);
  });

  it("adds a new address as a new customer of the workspace", async () => {
    const { conversationId } = await startCustomerConversation(db(), {
      actor: alice,
      customerIds: [],
      newCustomerEmails: ["  New.Person@Example.test "],
      userIds: [],
      body: "Welcome",
      clientMessageId: id(),
    });
    const [created] = await db()
      .select()
      .from(customers)
      .where(eq(customers.email, "new.person@example.test"));
    expect(created?.workspaceId).toBe(workspace.id);
    expect(created?.name).toBe("new.person");
    const [row] = await db()
      .select()
      .from(participants)
      .where(
        sql`${participants.conversationId} = ${conversationId} and ${participants.customerId} = ${created?.id}`,
      );
    expect(row).toBeDefined();
  });

  it("refuses no customer, another workspace's customer, or a bad address, and creates nothing", async () => {
    const before = await db().$count(conversations);
    const attempt = (input: { customerIds?: string[]; newCustomerEmails?: string[] }) =>
      startCustomerConversation(db(), {
        actor: alice,
        customerIds: input.customerIds ?? [],
        newCustomerEmails: input.newCustomerEmails,
        userIds: [],
        body: "Hi",
        clientMessageId: id(),
      });
    await expect(attempt({})).rejects.toMatchObject({ code: "no_customers" });
    await expect(attempt({ customerIds: [outsider.customerId] })).rejects.toMatchObject({
      code: "unknown_customer",
    });
    await expect(attempt({ newCustomerEmails: ["not-an-email"] })).rejects.toMatchObject({
      code: "invalid_email",
    });
    expect(await db().$count(conversations)).toBe(before);
  });

  it("stores a retried create once", async () => {
    const clientMessageId = id();
    const input = {
      actor: alice,
      customerIds: [dana.customerId],
      userIds: [],
      body: "Once",
      clientMessageId,
    };
    const [a, b] = await Promise.all([
      startCustomerConversation(db(), input),
      startCustomerConversation(db(), input),
    ]);
    expect(a.conversationId).toBe(b.conversationId);
    expect(await db().$count(messages, eq(messages.clientMessageId, clientMessageId))).toBe(1);
  });

  it("closes and reopens; a customer's reply reopens it", async () => {
    const { conversationId } = await withDana("Anything else?");
    await setConversationStatus(db(), { actor: bob, conversationId, status: "closed" });
    const ids = async (view: "open" | "closed") =>
      (await listConversations(db(), { actor: alice, view })).rows.map((r) => r.id);
    expect(await ids("closed")).toContain(conversationId);
    expect(await ids("open")).not.toContain(conversationId);

    await postMessage(db(), {
      actor: dana,
      conversationId,
      body: "Actually, one more thing",
      clientMessageId: id(),
    });
    expect(await ids("open")).toContain(conversationId);
    expect(await ids("closed")).not.toContain(conversationId);
  });

  it("refuses to close over a message that arrived after the one on screen, and closes nothing", async () => {
    const { conversationId } = await withDana("Can we close?");
    await postMessage(db(), { actor: dana, conversationId, body: "Wait!", clientMessageId: id() });
    await expect(
      setConversationStatus(db(), { actor: alice, conversationId, status: "closed", seenSeq: 1 }),
    ).rejects.toMatchObject({ code: "new_message" });
    expect((await getConversation(db(), { actor: alice, conversationId }))?.status).toBe("open");
    await setConversationStatus(db(), { actor: alice, conversationId, status: "closed", seenSeq: 2 });
    expect((await getConversation(db(), { actor: alice, conversationId }))?.status).toBe("closed");
  });

  it("cannot close an internal conversation", async () => {
    const { conversationId } = await startInternalConversation(db(), {
      actor: alice,
      participantIds: [bob.userId],
      body: "Team only",
      clientMessageId: id(),
    });
    await expect(
      setConversationStatus(db(), { actor: alice, conversationId, status: "closed" }),
    ).rejects.toMatchObject({
      code: "not_a_customer_conversation",
    });
  });
});

describe("internal notes never reach a customer", () => {
  it("on the chat page, in catch-up, in the list, on the customer's channel, or as a delivery", async () => {
    const { conversationId } = await withDana("Public hello");
    const before = await getCustomerConversation(db(), { actor: dana, conversationId });
    await markRead(db(), { viewer: dana, conversationId, seq: before?.messages.at(-1)?.seq ?? 0 });
    recorder.clear();

    await postMessage(db(), {
      actor: bob,
      conversationId,
      body: "SECRET NOTE: refund is not approved",
      visibility: "internal",
      clientMessageId: id(),
    });

    const page = await getCustomerConversation(db(), { actor: dana, conversationId });
    expect(JSON.stringify(page)).not.toContain("SECRET NOTE");
    const since = await listMessagesSince(db(), { viewer: dana, conversationId, afterSeq: 0 });
    expect(JSON.stringify(since)).not.toContain("SECRET NOTE");
    const list = await listCustomerConversations(db(), { actor: dana });
    const row = list.find((c) => c.id === conversationId);
    expect(JSON.stringify(row)).not.toContain("SECRET NOTE");
    // Nothing new for Dana: the note does not count as unread.
    expect(row?.unread).toBe(false);

    expect(recorder.events.some((e) => e.channel === customerChannel(dana.customerId))).toBe(false);
    expect(JSON.stringify(recorder.events)).toContain("SECRET NOTE"); // the team was told…
    // …and only the team: nothing on a customer's channel or the conversation's public chat channel.
    for (const event of recorder.events) expect(event.channel).toMatch(/^private-(user|conversation)-/);

    const planned = await db().$count(
      deliveries,
      sql`${deliveries.recipientCustomerId} is not null and ${deliveries.messageId} in (select id from messages where body like 'SECRET NOTE%')`,
    );
    expect(planned).toBe(0);

    // The team sees it, marked internal.
    const team = await getConversation(db(), { actor: alice, conversationId });
    expect(team?.messages.find((m) => m.body.startsWith("SECRET NOTE"))?.internal).toBe(true);
  });

  it("records who joined a customer conversation as an internal line", async () => {
    const { conversationId } = await withDana("Hi", []);
    const { addParticipants } = await import("@/lib/conversations/add-participants");
    await addParticipants(db(), { actor: alice, conversationId, userIds: [carol.userId] });
    const page = await getCustomerConversation(db(), { actor: dana, conversationId });
    expect(page?.messages.map((m) => m.body)).toEqual(["Hi"]);
  });

  it("tells the customer's channels of a public reply, with no team ids", async () => {
    const { conversationId } = await withDana("Hello");
    recorder.clear();
    await postMessage(db(), { actor: bob, conversationId, body: "We are on it", clientMessageId: id() });
    for (const channel of [customerChannel(dana.customerId), chatChannel(conversationId)]) {
      const events = recorder.events.filter((e) => e.channel === channel);
      expect(events).toHaveLength(1);
      // Ids of the conversation and message, who wrote it and a preview; no team member's id.
      expect(events[0]?.data).toEqual({
        conversationId,
        messageId: expect.any(String),
        seq: 2,
        authorName: "Bob Builder",
        preview: "We are on it",
      });
    }
    expect(recorder.events.some((e) => e.channel === customerChannel(erin.customerId))).toBe(false);
  });
});

describe("a customer sees only their own conversations", () => {
  it("Erin cannot read, fetch, reply to or mark Dana's conversation, and changes nothing", async () => {
    const { conversationId } = await withDana("For Dana only");
    expect(await getCustomerConversation(db(), { actor: erin, conversationId })).toBeNull();
    expect((await listCustomerConversations(db(), { actor: erin })).map((c) => c.id)).not.toContain(
      conversationId,
    );
    await rejectsNotFound(listMessagesSince(db(), { viewer: erin, conversationId, afterSeq: 0 }));
    await rejectsNotFound(
      postMessage(db(), { actor: erin, conversationId, body: "Let me in", clientMessageId: id() }),
    );
    await rejectsNotFound(markRead(db(), { viewer: erin, conversationId, seq: 1 }));
    expect(await db().$count(messages, eq(messages.conversationId, conversationId))).toBe(1);
  });

  it("a customer of another workspace gets nowhere either, even with a forged workspace", async () => {
    const { conversationId } = await withDana("For Dana only");
    expect(await getCustomerConversation(db(), { actor: outsider, conversationId })).toBeNull();
    const forged = { ...outsider, workspaceId: workspace.id };
    expect(await getCustomerConversation(db(), { actor: forged, conversationId })).toBeNull();
  });

  it("a session opened from one conversation's link opens that conversation only, and cannot start one", async () => {
    const first = await withDana("First");
    const second = await withDana("Second");
    const scoped = { ...dana, onlyConversationId: first.conversationId };
    expect(
      await getCustomerConversation(db(), { actor: scoped, conversationId: first.conversationId }),
    ).not.toBeNull();
    expect(
      await getCustomerConversation(db(), { actor: scoped, conversationId: second.conversationId }),
    ).toBeNull();
    expect((await listCustomerConversations(db(), { actor: scoped })).map((c) => c.id)).toEqual([
      first.conversationId,
    ]);
    await rejectsNotFound(
      postMessage(db(), {
        actor: scoped,
        conversationId: second.conversationId,
        body: "x",
        clientMessageId: id(),
      }),
    );
    await expect(
      startConversationAsCustomer(db(), { actor: scoped, body: "New", clientMessageId: id() }),
    ).rejects.toMatchObject({
      code: "sign_in_required",
    });
  });

  it("a customer session runs no team function, and is a customer to the functions both sides share", async () => {
    const { conversationId } = await withDana("Team view");
    await postMessage(db(), {
      actor: alice,
      conversationId,
      body: "Team only",
      visibility: "internal",
      clientMessageId: id(),
    });
    const asTeam = dana as unknown as TeamActor;
    expect(await getConversation(db(), { actor: asTeam, conversationId })).toBeNull();
    await rejectsNotFound(announceTyping(db(), { actor: asTeam, conversationId }));
    await rejectsNotFound(setConversationStatus(db(), { actor: asTeam, conversationId, status: "closed" }));
    // Reading, posting and marking read take the viewer as it is, whatever its type claims.
    const seen = await listMessagesSince(db(), { viewer: asTeam, conversationId, afterSeq: 0 });
    expect(seen.messages.map((m) => [m.body, m.internal, m.author?.id])).toEqual([
      ["Team view", false, null],
    ]);
    const posted = await postMessage(db(), {
      actor: asTeam,
      conversationId,
      body: "As myself",
      visibility: "internal",
      clientMessageId: id(),
    });
    const [stored] = await db().select().from(messages).where(eq(messages.id, posted.messageId));
    expect(stored).toMatchObject({
      authorCustomerId: dana.customerId,
      authorUserId: null,
      visibility: "public",
    });
  });

  it("listens on its own channels only", async () => {
    const { conversationId } = await withDana("Channels");
    expect(await mayListen(db(), dana, customerChannel(dana.customerId))).toBe(true);
    expect(await mayListen(db(), dana, chatChannel(conversationId))).toBe(true);
    expect(await mayListen(db(), dana, customerChannel(erin.customerId))).toBe(false);
    expect(await mayListen(db(), erin, chatChannel(conversationId))).toBe(false);
    expect(await mayListen(db(), dana, conversationChannel(conversationId))).toBe(false);
    expect(await mayListen(db(), dana, userChannel(alice.userId))).toBe(false);
    // A session from one conversation's email link: that conversation's channel, not all of Dana's.
    const other = await withDana("Another one");
    const scoped = { ...dana, onlyConversationId: conversationId };
    expect(await mayListen(db(), scoped, chatChannel(conversationId))).toBe(true);
    expect(await mayListen(db(), scoped, chatChannel(other.conversationId))).toBe(false);
    expect(await mayListen(db(), scoped, customerChannel(dana.customerId))).toBe(false);
    // And no team member listens on a customer's channels.
    expect(await mayListen(db(), alice, customerChannel(dana.customerId))).toBe(false);
    expect(await mayListen(db(), alice, chatChannel(conversationId))).toBe(false);
  });
});

describe("conversations a customer starts", () => {
  it("reach the customer-facing team at once, and not Carol, who is not customer-facing", async () => {
    recorder.clear();
    const { conversationId } = await startConversationAsCustomer(db(), {
      actor: erin,
      body: "My invoice is wrong",
      clientMessageId: id(),
    });
    for (const member of [alice, bob]) {
      const open = await listConversations(db(), { actor: member, view: "open" });
      expect(open.rows.find((r) => r.id === conversationId)?.unread).toBe(true);
      expect(recorder.events.some((e) => e.channel === userChannel(member.userId))).toBe(true);
    }
    expect(
      (await listConversations(db(), { actor: carol, view: "open" })).rows.map((r) => r.id),
    ).not.toContain(conversationId);
    expect(await getConversation(db(), { actor: carol, conversationId })).toBeNull();
    expect(recorder.events.some((e) => e.channel === userChannel(carol.userId))).toBe(false);
    // Team members are emailed if they do not see it in time.
    const planned = await db().$count(
      deliveries,
      sql`${deliveries.conversationId} = ${conversationId} and ${deliveries.recipientUserId} is not null`,
    );
    expect(planned).toBe(2);
  });

  it("a customer-facing member sees every customer conversation, and joins one by replying", async () => {
    const { conversationId } = await startCustomerConversation(db(), {
      actor: alice,
      customerIds: [erin.customerId],
      userIds: [],
      body: "Alice and Erin only",
      clientMessageId: id(),
    });
    expect((await listConversations(db(), { actor: bob, view: "open" })).rows.map((r) => r.id)).toContain(
      conversationId,
    );
    const view = await getConversation(db(), { actor: bob, conversationId });
    expect(view?.isParticipant).toBe(false);
    await postMessage(db(), { actor: bob, conversationId, body: "Bob here", clientMessageId: id() });
    expect((await getConversation(db(), { actor: bob, conversationId }))?.isParticipant).toBe(true);
    // Carol, not customer-facing and not taking part, sees nothing of it and cannot write in it.
    await rejectsNotFound(
      postMessage(db(), { actor: carol, conversationId, body: "x", clientMessageId: id() }),
    );
  });

  it("stores a retried customer send once", async () => {
    const { conversationId } = await withDana("Retry me");
    const clientMessageId = id();
    const send = () => postMessage(db(), { actor: dana, conversationId, body: "Only once", clientMessageId });
    const [a, b] = await Promise.all([send(), send()]);
    expect(a.messageId).toBe(b.messageId);
    expect(await db().$count(messages, eq(messages.clientMessageId, clientMessageId))).toBe(1);
  });

  it("refuses an empty or oversized message and stores nothing", async () => {
    const { conversationId } = await withDana("Validation");
    for (const body of ["   ", "x".repeat(10_001)]) {
      await expect(
        postMessage(db(), { actor: dana, conversationId, body, clientMessageId: id() }),
      ).rejects.toMatchObject({
        code: "invalid_body",
      });
    }
    expect(await db().$count(messages, eq(messages.conversationId, conversationId))).toBe(1);
  });
});

describe("emailed sign-in links", () => {
  const { start: T0, afterMinutes: later } = testClock();
  const linkIn = async (to: string) => {
    const [email] = await db()
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.to, to))
      .orderBy(sql`${emailOutbox.createdAt} desc`)
      .limit(1);
    const token = /token=([A-Za-z0-9_-]+)/.exec(email?.text ?? "")?.[1];
    if (!token) throw new Error(`no sign-in link emailed to ${to}`);
    return token;
  };
  const request = (email: string, now = T0) =>
    requestCustomerSignInLink(db(), { workspace, email, appUrl: "http://app.test", now });

  it("works once, stores only a hash, and signs in the customer", async () => {
    await request("dana.diaz@customer.test");
    const token = await linkIn("dana.diaz@customer.test");
    const rows = await db().select().from(customerSignInTokens);
    expect(JSON.stringify(rows)).not.toContain(token);

    expect(
      await peekCustomerSignInLink(db(), { workspaceId: workspace.id, token, now: later(1) }),
    ).toMatchObject({
      email: "dana.diaz@customer.test",
    });
    const first = await consumeCustomerSignInLink(db(), { workspaceId: workspace.id, token, now: later(1) });
    expect(first.customerId).toBe(dana.customerId);
    await expect(
      consumeCustomerSignInLink(db(), { workspaceId: workspace.id, token, now: later(2) }),
    ).rejects.toMatchObject({ code: "sign_in_link_invalid" });
  });

  it("expires after 30 minutes, and is no good in another workspace", async () => {
    await request("erin.evans@customer.test");
    const token = await linkIn("erin.evans@customer.test");
    const otherId = outsider.workspaceId;
    await expect(
      consumeCustomerSignInLink(db(), { workspaceId: otherId, token, now: later(1) }),
    ).rejects.toBeInstanceOf(DomainError);
    await expect(
      consumeCustomerSignInLink(db(), { workspaceId: workspace.id, token, now: later(31) }),
    ).rejects.toMatchObject({ code: "sign_in_link_invalid" });
  });

  it("answers the same for a known and an unknown address; the unknown one becomes a customer only by using it", async () => {
    const known = await request("dana.diaz@customer.test", later(100));
    const unknown = await request("stranger@example.test", later(100));
    expect(unknown).toEqual(known);
    expect(await db().$count(customers, eq(customers.email, "stranger@example.test"))).toBe(0);
    const token = await linkIn("stranger@example.test");
    await consumeCustomerSignInLink(db(), { workspaceId: workspace.id, token, now: later(101) });
    expect(await db().$count(customers, eq(customers.email, "stranger@example.test"))).toBe(1);
  });

  it("sends at most five links for one address in 15 minutes, even to parallel requests, and says the same", async () => {
    const address = "flood@example.test";
    await Promise.all(Array.from({ length: 8 }, () => request(address, later(200))));
    expect(await db().$count(emailOutbox, eq(emailOutbox.to, address))).toBe(5);
    await request(address, later(216));
    expect(await db().$count(emailOutbox, eq(emailOutbox.to, address))).toBe(6);
    await expect(request("not an email")).rejects.toMatchObject({ code: "invalid_email" });
  });
});

describe("session cookies and conversation links", () => {
  const { start: now, afterDays: inDays } = testClock();
  const session = (token: string | undefined, at = now, workspaceId = workspace.id) =>
    customerFromSession(db(), { token, workspaceId, secret: SECRET, now: at });

  it("a session names its customer until it expires, and nothing once tampered with", async () => {
    const token = chatSessionToken({ customerId: dana.customerId, workspaceId: workspace.id }, SECRET, now);
    expect((await session(token))?.customerId).toBe(dana.customerId);
    expect(await session(token, inDays(31))).toBeNull();
    expect(await session(token, now, outsider.workspaceId)).toBeNull();
    const [body, signature] = token.split(".");
    const swapped = Buffer.from(JSON.stringify({ c: erin.customerId, w: workspace.id, exp: 9e9 })).toString(
      "base64url",
    );
    expect(await session(`${swapped}.${signature}`)).toBeNull();
    expect(await session(`${body}.${signature}x`)).toBeNull();
    expect(
      await session(
        chatSessionToken(
          { customerId: dana.customerId, workspaceId: workspace.id },
          "another-secret-of-32-characters-at-least",
        ),
      ),
    ).toBeNull();
    expect(await session(undefined)).toBeNull();
  });

  it("a conversation link is good for its customer and conversation only, and cannot pass as a session", async () => {
    const { conversationId } = await withDana("Link me");
    const url = new URL(
      conversationLink(
        { appUrl: "http://app.test", workspaceSlug: "acme", customerId: dana.customerId, conversationId },
        SECRET,
        now,
      ),
    );
    expect(url.pathname).toBe("/chat/acme/open");
    const token = url.searchParams.get("t") ?? "";
    expect(customerOfConversationLink({ token, conversationId }, SECRET, now)).toBe(dana.customerId);
    expect(customerOfConversationLink({ token, conversationId: id() }, SECRET, now)).toBeNull();
    expect(customerOfConversationLink({ token, conversationId }, SECRET, inDays(8))).toBeNull();
    expect(await session(token)).toBeNull();
    // Nor can a session, or any other signed token, pass as a link.
    const forged = signToken("chat-session", { c: dana.customerId, v: conversationId, exp: 9e9 }, SECRET);
    expect(customerOfConversationLink({ token: forged, conversationId }, SECRET, now)).toBeNull();
  });

  it("a session for a customer who was deleted names nobody", async () => {
    const [ghost] = await db()
      .insert(customers)
      .values({ workspaceId: workspace.id, name: "Ghost", email: "ghost@example.test" })
      .returning();
    const token = chatSessionToken({ customerId: ghost?.id ?? "", workspaceId: workspace.id }, SECRET, now);
    await db().delete(customers).where(eq(customers.email, "ghost@example.test"));
    expect(await session(token)).toBeNull();
  });
});
