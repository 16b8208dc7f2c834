import { randomUUID } from "node:crypto";
import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { deliveries, items, workspaces } from "@/db/schema";
import {
  createTestDb,
  createWorkspace,
  type FakeResendWithDriver,
  startFakeResendWithDriver,
  testClock,
} from "@/db/testing";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { customerOfConversationLink } from "@/lib/chat/conversation-links";
import { postMessage } from "@/lib/conversations/post-message";
import { markRead } from "@/lib/conversations/read-state";
import { startCustomerConversation } from "@/lib/conversations/start-conversation";
import type { FakeEmail } from "@/lib/email/fake-resend";
import { runEmailSweep } from "@/lib/notifications/email-sweep";
import { recordHeartbeat } from "@/lib/realtime/presence";
import { createItem, createItemFromConversation } from "./create-item";
import { addFollowers, followItem, removeFollower, unfollowItem } from "./followers";
import { updateItem } from "./update-item";

/**
 * Email about tickets and tasks, end to end: messages posted the one way, planned, swept, and sent
 * to the fake Resend, whose accepted emails are what people would find in their inboxes.
 */

const SECRET = "test-secret-that-is-at-least-32-characters-long";
const APP = "http://app.test";
let fake: FakeResendWithDriver;
let connection: Connection;
let alice: TeamActor;
let bob: TeamActor;
let carol: TeamActor;
let dana: CustomerActor;
const { afterSeconds: at } = testClock();
const db = () => connection.db;
const sweep = (seconds: number) =>
  runEmailSweep(db(), { driver: fake.driver, now: at(seconds), appUrl: APP, secret: SECRET });

const ALICE = "alice.admin@acme.test";
const BOB = "bob.builder@acme.test";
const CAROL = "carol.chen@acme.test";
const DANA = "dana.diaz@customer.test";
const to = (address: string) => fake.accepted.filter((email) => email.to.includes(address));
const everything = (emails: FakeEmail[]) => emails.map((email) => `${email.html}\n${email.text}`).join("\n");
const hrefs = (email: FakeEmail | undefined) =>
  [...(email?.html ?? "").matchAll(/href="([^"]*)"/g)].map((match) =>
    (match[1] ?? "").replaceAll("&amp;", "&"),
  );

beforeAll(async () => {
  fake = await startFakeResendWithDriver({ from: "Acme Help <help@acme.test>" });
  connection = await createTestDb();
  const acme = await createWorkspace(connection, {
    slug: "acme",
    team: ["Alice Admin", "Bob Builder", "Carol Chen"],
    customers: ["Dana Diaz"],
  });
  await db().update(workspaces).set({ name: "Acme Support" }).where(eq(workspaces.id, acme.workspace.id));
  alice = acme.member("Alice Admin");
  bob = acme.member("Bob Builder");
  carol = acme.member("Carol Chen");
  dana = acme.customer("Dana Diaz");
});
afterAll(async () => {
  await fake.close();
  await connection.close();
});
// Each test starts with nothing pending and an empty inbox; each runs on its own stretch of the clock.
beforeEach(async () => {
  await sweep(100_000);
  fake.reset();
  await db().update(workspaces).set({ emailDelaySeconds: 60 });
});

/** Alice opens a ticket for Dana, assigned to Bob: Alice, Bob and Dana follow it. */
const ticketForDana = (seconds: number, title = "Printer is on fire") =>
  createItem(db(), {
    actor: alice,
    kind: "ticket",
    title,
    requesterCustomerId: dana.customerId,
    assigneeUserId: bob.userId,
    now: at(seconds),
  });
const post = (
  actor: TeamActor | CustomerActor,
  conversationId: string,
  body: string,
  seconds: number,
  visibility?: "internal" | "public",
) =>
  postMessage(db(), {
    actor,
    conversationId,
    body,
    visibility,
    clientMessageId: randomUUID(),
    now: at(seconds),
  });
const deliveryRows = (conversationId: string) =>
  db().select().from(deliveries).where(eq(deliveries.conversationId, conversationId));

/** The customer's button: the chat page's open link, signed for Dana and for this thread only. */
function expectDanasChatLink(email: FakeEmail | undefined, conversationId: string, seconds: number) {
  const links = hrefs(email).filter((href) => href.includes("/chat/acme/open"));
  expect(links).toHaveLength(1);
  const url = new URL(links[0] ?? "");
  expect(url.origin + url.pathname).toBe(`${APP}/chat/acme/open`);
  expect(url.searchParams.get("c")).toBe(conversationId);
  expect(
    customerOfConversationLink(
      { token: url.searchParams.get("t") ?? "", conversationId },
      SECRET,
      at(seconds),
    ),
  ).toBe(dana.customerId);
  // Never the team's page.
  expect(hrefs(email).some((href) => href.includes("/items/") || href.includes("/messenger"))).toBe(false);
}

/** The team's button: the item's page in the app. */
function expectItemLink(email: FakeEmail | undefined, number: number, kind: "ticket" | "task") {
  expect(hrefs(email)).toContain(`${APP}/items/${number}`);
  expect(email?.text).toContain(`Open the ${kind}: ${APP}/items/${number}`);
  expect(hrefs(email).some((href) => href.includes("/messenger") || href.includes("/chat/"))).toBe(false);
}

describe("emails about a ticket", () => {
  it("emails a public reply to the customer at once and to the team after the delay, as [#N] title, each with their own link", async () => {
    const ticket = await ticketForDana(1_000);
    const { conversationId } = await post(alice, ticket.conversationId, "We are sending a technician", 1_010);
    const subject = `[#${ticket.number}] Printer is on fire`;

    // Dana is not connected: at once. The team waits out the workspace's 60 seconds.
    await sweep(1_010);
    expect(to(DANA)).toHaveLength(1);
    expect(to(BOB)).toHaveLength(0);
    const [danas] = to(DANA);
    expect(danas?.subject).toBe(subject);
    expect(danas?.text).toContain("We are sending a technician");
    expect(danas?.from).toBe('"Alice Admin via Acme Support" <help@acme.test>');
    expectDanasChatLink(danas, conversationId, 1_010);

    await sweep(1_069);
    expect(to(BOB)).toHaveLength(0);
    await sweep(1_070);
    const [bobs, ...more] = to(BOB);
    expect(more).toHaveLength(0);
    expect(bobs?.subject).toBe(subject);
    expect(bobs?.text).toContain("We are sending a technician");
    expectItemLink(bobs, ticket.number, "ticket");
    // Nobody is told of their own message, and nothing else went out.
    expect(to(ALICE)).toHaveLength(0);
    await sweep(1_900);
    expect(fake.accepted.map((email) => email.to)).toEqual([[DANA], [BOB]]);
  });

  it("emails an internal message to the team only, and never quotes it to the customer, even batched with later replies", async () => {
    const ticket = await ticketForDana(2_000);
    await followItem(db(), { actor: carol, itemId: ticket.id });
    const internal = await post(
      bob,
      ticket.conversationId,
      "INTERNAL-1: refund up to $50",
      2_000,
      "internal",
    );
    // Not even planned for Dana: she is no recipient of it.
    const planned = await db().select().from(deliveries).where(eq(deliveries.messageId, internal.messageId));
    expect(planned.every((row) => row.recipientCustomerId === null)).toBe(true);
    expect(planned.map((row) => row.recipientUserId).sort()).toEqual([alice.userId, carol.userId].sort());
    await sweep(2_000);
    expect(to(DANA)).toHaveLength(0);
    await sweep(2_060);
    expect(to(DANA)).toHaveLength(0);
    expect(to(ALICE).map((email) => email.text.includes("INTERNAL-1"))).toEqual([true]);
    expect(to(ALICE)[0]?.subject).toBe(`[#${ticket.number}] Printer is on fire`);

    // Dana on the chat page: her reply waits for the delay, so a note written in between could
    // be swept up with it.
    await recordHeartbeat(db(), { actor: dana, now: at(2_095) });
    await post(alice, ticket.conversationId, "Public one", 2_100);
    await post(bob, ticket.conversationId, "INTERNAL-2: she was rude", 2_110, "internal");
    await post(alice, ticket.conversationId, "Public two", 2_120);
    await sweep(2_160);
    const [danas, ...more] = to(DANA);
    expect(more).toHaveLength(0);
    expect(danas?.subject).toBe(`[#${ticket.number}] Printer is on fire`);
    for (const part of [danas?.text, danas?.html]) {
      expect(part).toContain("Public one");
      expect(part).toContain("Public two");
    }
    expect(danas?.text.indexOf("Public one")).toBeLessThan(danas?.text.indexOf("Public two") ?? 0);

    // The team still gets the note (Carol: Alice has seen it, by replying after it).
    await sweep(2_180);
    expect(everything(to(CAROL))).toContain("INTERNAL-2");
    // Ever: however long we wait, Dana has had exactly one email, with no internal text in it.
    await sweep(2_900);
    expect(to(DANA)).toHaveLength(1);
    expect(everything(to(DANA))).not.toContain("INTERNAL");
    expect(everything(to(DANA))).not.toContain("rude");
  });
});

describe("emails about a task", () => {
  it("emails each message to the task's other followers, as [#N] title, linking to the task's page", async () => {
    const task = await createItem(db(), {
      actor: alice,
      kind: "task",
      title: "Restock the toner",
      assigneeUserId: bob.userId,
      now: at(3_000),
    });
    await followItem(db(), { actor: carol, itemId: task.id });
    // The workspace's delay, whatever it is set to.
    await db().update(workspaces).set({ emailDelaySeconds: 90 });
    await post(alice, task.conversationId, "Two boxes, please", 3_000);
    await sweep(3_089);
    expect(fake.accepted).toHaveLength(0);
    await sweep(3_090);
    for (const address of [BOB, CAROL]) {
      const [email, ...more] = to(address);
      expect(more).toHaveLength(0);
      expect(email?.subject).toBe(`[#${task.number}] Restock the toner`);
      expect(email?.text).toContain("Two boxes, please");
      expectItemLink(email, task.number, "task");
    }
    expect(to(ALICE)).toHaveLength(0);

    fake.reset();
    await post(bob, task.conversationId, "Ordered", 3_100);
    await sweep(3_190);
    expect(fake.accepted.map((email) => [email.to, email.subject]).sort()).toEqual([
      [[ALICE], `[#${task.number}] Restock the toner`],
      [[CAROL], `[#${task.number}] Restock the toner`],
    ]);
    expectItemLink(to(ALICE)[0], task.number, "task");
  });
});

describe("who stops getting item emails", () => {
  it("emails a team member who unfollowed nothing more, not even what was planned while they followed", async () => {
    const ticket = await ticketForDana(4_000);
    await followItem(db(), { actor: carol, itemId: ticket.id });
    await post(alice, ticket.conversationId, "Planned while Bob followed", 4_000);
    const bobsPlanned = (await deliveryRows(ticket.conversationId)).filter(
      (row) => row.recipientUserId === bob.userId,
    );
    expect(bobsPlanned).toHaveLength(1);
    await unfollowItem(db(), { actor: bob, itemId: ticket.id });
    await sweep(4_060);
    expect(to(BOB)).toHaveLength(0);
    expect(to(CAROL)).toHaveLength(1);

    await post(alice, ticket.conversationId, "After Bob left", 4_100);
    await sweep(4_900);
    expect(to(BOB)).toHaveLength(0);
    expect(to(CAROL)).toHaveLength(2);
    const bobsRows = (await deliveryRows(ticket.conversationId)).filter(
      (row) => row.recipientUserId === bob.userId,
    );
    expect(bobsRows.map((row) => row.status)).toEqual(["cancelled"]);
  });

  it("does not email what was planned before an unfollow once the member follows again; what comes after, yes", async () => {
    const ticket = await ticketForDana(10_000);
    await post(alice, ticket.conversationId, "Before leaving", 10_000);
    await unfollowItem(db(), { actor: bob, itemId: ticket.id });
    await followItem(db(), { actor: bob, itemId: ticket.id });
    await sweep(10_060);
    expect(to(BOB)).toHaveLength(0);
    await post(alice, ticket.conversationId, "After coming back", 10_100);
    await sweep(10_160);
    const [email, ...more] = to(BOB);
    expect(more).toHaveLength(0);
    expect(email?.text).toContain("After coming back");
    expect(email?.text).not.toContain("Before leaving");
  });

  it("emails a customer an admin removed from the followers nothing more, not even what was already due", async () => {
    const ticket = await ticketForDana(11_000);
    // Dana is not connected, so this is due at once; the sweep has not run yet.
    await post(alice, ticket.conversationId, "Due before removal", 11_000);
    await removeFollower(db(), { actor: alice, itemId: ticket.id, person: { customerId: dana.customerId } });
    await sweep(11_000);
    expect(to(DANA)).toHaveLength(0);
    await post(bob, ticket.conversationId, "After removal", 11_100);
    await sweep(11_900);
    expect(to(DANA)).toHaveLength(0);
    // The team is still told: the removal silenced Dana only.
    expect(everything(to(ALICE))).toContain("After removal");
    const danasRows = (await deliveryRows(ticket.conversationId)).filter(
      (row) => row.recipientCustomerId === dana.customerId,
    );
    expect(danasRows.map((row) => row.status)).toEqual(["cancelled"]);
  });
});

describe("seen in time", () => {
  it("emails no follower who saw the message before the delay, team member or customer on the chat page", async () => {
    const ticket = await ticketForDana(5_000);
    await followItem(db(), { actor: carol, itemId: ticket.id });
    await recordHeartbeat(db(), { actor: dana, now: at(4_995) });
    const { seq } = await post(alice, ticket.conversationId, "Seen by Bob and Dana", 5_000);
    await markRead(db(), { viewer: bob, conversationId: ticket.conversationId, seq });
    await markRead(db(), { viewer: dana, conversationId: ticket.conversationId, seq });
    await sweep(5_060);
    expect(to(BOB)).toHaveLength(0);
    expect(to(DANA)).toHaveLength(0);
    // Carol did not look: she is told.
    expect(to(CAROL).map((email) => email.text.includes("Seen by Bob and Dana"))).toEqual([true]);

    // The next message Bob does not see reaches him, without the one he saw.
    await post(alice, ticket.conversationId, "Not seen by Bob", 5_100);
    await sweep(5_160);
    const [email, ...more] = to(BOB);
    expect(more).toHaveLength(0);
    expect(email?.text).toContain("Not seen by Bob");
    expect(email?.text).not.toContain("Seen by Bob and Dana");
  });
});

describe("exactly once", () => {
  it("sends one email per follower when sweeps run at the same time over an item thread", async () => {
    const ticket = await ticketForDana(6_000);
    await followItem(db(), { actor: carol, itemId: ticket.id });
    for (const [index, body] of ["First", "Second", "Third"].entries())
      await post(alice, ticket.conversationId, `${body} update`, 6_000 + index);
    // On Postgres these race for the same rows (on PGlite's one connection they take turns).
    await Promise.all([sweep(6_060), sweep(6_060), sweep(6_060), sweep(6_060)]);
    expect(fake.accepted.map((email) => email.to[0]).sort()).toEqual([BOB, CAROL, DANA].sort());
    for (const email of fake.accepted) {
      expect(email.subject).toBe(`[#${ticket.number}] Printer is on fire`);
      for (const body of ["First", "Second", "Third"])
        expect(email.text.split(`${body} update`)).toHaveLength(2);
    }
    // One outbox email per follower carried all of that follower's deliveries.
    const rows = await deliveryRows(ticket.conversationId);
    expect(rows).toHaveLength(9);
    expect(rows.every((row) => row.status === "sent")).toBe(true);
    expect(new Set(rows.map((row) => row.carrierId)).size).toBe(3);
    await sweep(6_900);
    expect(fake.accepted).toHaveLength(3);
  });
});

describe("subjects", () => {
  it("sends a title with a line break or a bidi override as a clean one-line subject", async () => {
    const ticket = await ticketForDana(7_000, "Refund\r\nBcc: mallory@evil.test \u202Etxt.exe\u202C  please");
    expect(ticket.title).toBe("Refund Bcc: mallory@evil.test txt.exe please");
    await post(alice, ticket.conversationId, "On it", 7_000);
    await sweep(7_060);
    expect(fake.accepted.map((email) => [email.to, email.subject]).sort()).toEqual([
      [[BOB], `[#${ticket.number}] Refund Bcc: mallory@evil.test txt.exe please`],
      [[DANA], `[#${ticket.number}] Refund Bcc: mallory@evil.test txt.exe please`],
    ]);

    fake.reset();
    const renamed = await updateItem(db(), {
      actor: bob,
      itemId: ticket.id,
      changes: { title: "Renamed\nSubject: \u2066free money\u2069" },
      now: at(7_100),
    });
    expect(renamed.title).toBe("Renamed Subject: free money");
    // A row written before titles were cleaned on input is cleaned again as it becomes a header.
    await db().update(items).set({ title: "Old\r\nrow \u202Etitle\u200B" }).where(eq(items.id, ticket.id));
    await post(bob, ticket.conversationId, "Still on it", 7_100);
    await sweep(7_160);
    expect(fake.accepted.map((email) => [email.to, email.subject]).sort()).toEqual([
      [[ALICE], `[#${ticket.number}] Old row title`],
      [[DANA], `[#${ticket.number}] Old row title`],
    ]);
    // Nor does the title bring a reordering character into the body, where it is named too.
    expect(everything(fake.accepted)).toContain("“Old row title”");
    expect(everything(fake.accepted)).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B]/);
  });
});

describe("what emails nobody", () => {
  it("emails nobody when a ticket is created or a follower is added: system lines only move lists", async () => {
    const ticket = await ticketForDana(8_000);
    await addFollowers(db(), { actor: alice, itemId: ticket.id, userIds: [carol.userId], now: at(8_001) });
    await updateItem(db(), {
      actor: bob,
      itemId: ticket.id,
      changes: { status: "in_progress" },
      now: at(8_002),
    });
    for (const seconds of [8_000, 8_060, 8_900]) await sweep(seconds);
    expect(fake.accepted).toHaveLength(0);
    expect(await deliveryRows(ticket.conversationId)).toHaveLength(0);
  });

  it("re-sends nothing when a customer conversation becomes a ticket; its next messages are the ticket's", async () => {
    const { conversationId } = await startCustomerConversation(db(), {
      actor: bob,
      customerIds: [dana.customerId],
      userIds: [carol.userId],
      body: "Hello Dana",
      clientMessageId: randomUUID(),
      now: at(8_100),
    });
    await sweep(8_100);
    expect(to(DANA)).toHaveLength(1);
    const plannedBefore = await deliveryRows(conversationId);
    // Alice was not in it: she follows from now on, with nothing unread.
    const ticket = await createItemFromConversation(db(), {
      actor: alice,
      conversationId,
      title: "Hello ticket",
      now: at(8_110),
    });
    expect(await deliveryRows(conversationId)).toHaveLength(plannedBefore.length);
    await sweep(8_160);
    await sweep(8_900);
    // What was already due and nothing more: Dana's email, and Carol's after the delay.
    expect(fake.accepted.map((email) => email.to[0]).sort()).toEqual([CAROL, DANA]);
    expect(everything(fake.accepted)).not.toContain("made this conversation");

    fake.reset();
    await post(dana, conversationId, "Thanks, and the printer?", 8_950);
    await sweep(9_010);
    expect(fake.accepted.map((email) => email.to[0]).sort()).toEqual([ALICE, BOB, CAROL]);
    for (const email of fake.accepted) {
      expect(email.subject).toBe(`[#${ticket.number}] Hello ticket`);
      expectItemLink(email, ticket.number, "ticket");
    }
    const customerRows = await db()
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.conversationId, conversationId), isNotNull(deliveries.recipientCustomerId)));
    expect(customerRows).toHaveLength(1);
  });
});
