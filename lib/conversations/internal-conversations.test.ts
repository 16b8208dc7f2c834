import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { conversations, messages, participants, users } from "@/db/schema";
import { createTestDb, createWorkspace } from "@/db/testing";
import { DomainError } from "@/lib/domain-error";
import { addParticipants } from "./add-participants";
import { createInternalConversation } from "./create-conversation";
import { getConversation } from "./get-conversation";
import { countUnreadConversations, markRead } from "./read-state";
import { sendMessage } from "./send-message";
import { countUnreadByView, listConversations } from "./views";

let connection: Connection;
let acme: Awaited<ReturnType<typeof createWorkspace>>;
let globex: Awaited<ReturnType<typeof createWorkspace>>;
const db = () => connection.db;
const actor = (name: string) => {
  const found = acme.actors[name] ?? globex.actors[name];
  if (!found) throw new Error(`no actor ${name}`);
  return found;
};
const idOf = (name: string) => actor(name).userId;

beforeAll(async () => {
  connection = await createTestDb();
  acme = await createWorkspace(connection, {
    slug: "acme",
    team: ["Alice Admin", "Bob Builder", "Carol Chen", "Dave Gone"],
    customers: ["Dana Diaz"],
  });
  globex = await createWorkspace(connection, { slug: "globex", team: ["Gina Globex"] });
  await db()
    .update(users)
    .set({ deactivatedAt: new Date() })
    .where(eq(users.id, idOf("Dave Gone")));
});
afterAll(() => connection.close());

async function startConversation(from: string, to: string[], body = "Hello there") {
  return createInternalConversation(db(), {
    actor: actor(from),
    participantIds: to.map(idOf),
    body,
    clientMessageId: randomUUID(),
  });
}

async function expectDomainError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
}

const tableCount = async (table: typeof messages | typeof conversations) =>
  (await db().select({ n: count() }).from(table))[0]?.n;

describe("starting an internal conversation", () => {
  it("lands unread in each recipient's Internal Inbox and in the sender's Internal Sent", async () => {
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"]);

    const bobInbox = await listConversations(db(), { actor: actor("Bob Builder"), view: "inbox" });
    expect(bobInbox.rows.map((row) => row.id)).toContain(conversationId);
    const row = bobInbox.rows.find((r) => r.id === conversationId);
    expect(row?.unread).toBe(true);
    expect(row?.people.map((p) => p.name)).toEqual(["Alice Admin"]);
    expect(row?.preview).toMatchObject({ authorName: "Alice Admin", body: "Hello there" });

    const aliceSent = await listConversations(db(), { actor: actor("Alice Admin"), view: "sent" });
    expect(aliceSent.rows.find((r) => r.id === conversationId)?.unread).toBe(false);
    const aliceInbox = await listConversations(db(), { actor: actor("Alice Admin"), view: "inbox" });
    expect(aliceInbox.rows.map((r) => r.id)).not.toContain(conversationId);
  });

  it("lets a recipient reply, and opening marks it read", async () => {
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"], "Can you look?");
    const bob = actor("Bob Builder");
    const before = await countUnreadConversations(db(), { actor: bob });

    const conversation = await getConversation(db(), { actor: bob, conversationId });
    expect(conversation?.messages.map((m) => [m.author?.name, m.body])).toEqual([
      ["Alice Admin", "Can you look?"],
    ]);
    await markRead(db(), { actor: bob, conversationId, seq: conversation?.messages.at(-1)?.seq ?? 0 });
    expect(await countUnreadConversations(db(), { actor: bob })).toBe(before - 1);

    await sendMessage(db(), { actor: bob, conversationId, body: "On it", clientMessageId: randomUUID() });
    const alice = await getConversation(db(), { actor: actor("Alice Admin"), conversationId });
    expect(alice?.messages.map((m) => m.body)).toEqual(["Can you look?", "On it"]);
    const aliceInbox = await listConversations(db(), { actor: actor("Alice Admin"), view: "inbox" });
    expect(aliceInbox.rows[0]).toMatchObject({ id: conversationId, unread: true });
  });

  it("never lets the read position run past the newest message or backwards", async () => {
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"]);
    const bob = actor("Bob Builder");
    expect(await markRead(db(), { actor: bob, conversationId, seq: 99 })).toEqual({ lastReadSeq: 1 });
    expect(await markRead(db(), { actor: bob, conversationId, seq: 0 })).toEqual({ lastReadSeq: 1 });
  });
});

describe("an internal conversation, tried by someone outside it", () => {
  const outsiders = ["Carol Chen", "Gina Globex"];

  it.each(outsiders)("is invisible and untouchable for %s", async (outsider) => {
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"], "Secret plan");
    const who = actor(outsider);
    const unreadBefore = await countUnreadConversations(db(), { actor: who });

    expect(await getConversation(db(), { actor: who, conversationId })).toBeNull();
    await expectDomainError(
      sendMessage(db(), { actor: who, conversationId, body: "let me in", clientMessageId: randomUUID() }),
      "conversation_not_found",
    );
    await expectDomainError(markRead(db(), { actor: who, conversationId, seq: 1 }), "conversation_not_found");
    await expectDomainError(
      addParticipants(db(), { actor: who, conversationId, userIds: [who.userId] }),
      "conversation_not_found",
    );
    for (const view of ["inbox", "sent"] as const) {
      const list = await listConversations(db(), { actor: who, view });
      expect(list.rows.map((row) => row.id)).not.toContain(conversationId);
    }
    expect(await countUnreadConversations(db(), { actor: who })).toBe(unreadBefore);
    const bodies = await db()
      .select({ body: messages.body })
      .from(messages)
      .where(eq(messages.conversationId, conversationId));
    expect(bodies.map((m) => m.body)).toEqual(["Secret plan"]);
  });

  it("answers the same for a conversation id that does not exist or is not an id", async () => {
    const alice = actor("Alice Admin");
    expect(await getConversation(db(), { actor: alice, conversationId: randomUUID() })).toBeNull();
    expect(await getConversation(db(), { actor: alice, conversationId: "not-a-uuid" })).toBeNull();
  });
});

describe("who can be a participant", () => {
  it("refuses a customer's id, even in a crafted request, and stores nothing", async () => {
    const before = await tableCount(conversations);
    const dana = acme.customers[0];
    if (!dana) throw new Error("no customer");
    await expectDomainError(
      createInternalConversation(db(), {
        actor: actor("Alice Admin"),
        participantIds: [idOf("Bob Builder"), dana.id],
        body: "hi",
        clientMessageId: randomUUID(),
      }),
      "customer_not_allowed",
    );
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"]);
    await expectDomainError(
      addParticipants(db(), { actor: actor("Alice Admin"), conversationId, userIds: [dana.id] }),
      "customer_not_allowed",
    );
    expect(await tableCount(conversations)).toBe((before ?? 0) + 1);
    const people = await db()
      .select()
      .from(participants)
      .where(eq(participants.conversationId, conversationId));
    expect(people.every((p) => p.customerId === null)).toBe(true);
  });

  it("refuses people from another workspace, deactivated members and nobody at all", async () => {
    const alice = actor("Alice Admin");
    const attempt = (ids: string[]) =>
      createInternalConversation(db(), {
        actor: alice,
        participantIds: ids,
        body: "hi",
        clientMessageId: randomUUID(),
      });
    await expectDomainError(attempt([idOf("Gina Globex")]), "unknown_participant");
    await expectDomainError(attempt([idOf("Dave Gone")]), "unknown_participant");
    await expectDomainError(attempt(["not-a-uuid"]), "unknown_participant");
    await expectDomainError(attempt([]), "no_participants");
    await expectDomainError(attempt([alice.userId]), "no_participants");
  });

  it("adds a teammate who then sees the whole history after a system line", async () => {
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"], "Before Carol");
    const result = await addParticipants(db(), {
      actor: actor("Alice Admin"),
      conversationId,
      userIds: [idOf("Carol Chen")],
    });
    expect(result.added).toEqual([idOf("Carol Chen")]);

    const carol = actor("Carol Chen");
    const seen = await getConversation(db(), { actor: carol, conversationId });
    expect(seen?.messages.map((m) => [m.kind, m.body])).toEqual([
      ["user", "Before Carol"],
      ["system", "Alice Admin added Carol Chen"],
    ]);
    const inbox = await listConversations(db(), { actor: carol, view: "inbox" });
    expect(inbox.rows.find((row) => row.id === conversationId)?.unread).toBe(true);
    // Adding her again changes nothing and writes no second system line.
    await addParticipants(db(), {
      actor: actor("Bob Builder"),
      conversationId,
      userIds: [idOf("Carol Chen")],
    });
    const again = await getConversation(db(), { actor: carol, conversationId });
    expect(again?.messages).toHaveLength(2);
  });
});

describe("message bodies", () => {
  it.each([
    ["empty", ""],
    ["only whitespace", "  \n\t "],
    ["over 10,000 characters", "x".repeat(10_001)],
  ])("refuses a body that is %s and stores nothing", async (_label, body) => {
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"]);
    const messagesBefore = await tableCount(messages);
    const conversationsBefore = await tableCount(conversations);
    await expectDomainError(
      sendMessage(db(), { actor: actor("Alice Admin"), conversationId, body, clientMessageId: randomUUID() }),
      "invalid_body",
    );
    await expectDomainError(
      createInternalConversation(db(), {
        actor: actor("Alice Admin"),
        participantIds: [idOf("Bob Builder")],
        body,
        clientMessageId: randomUUID(),
      }),
      "invalid_body",
    );
    expect(await tableCount(messages)).toBe(messagesBefore);
    expect(await tableCount(conversations)).toBe(conversationsBefore);
  });

  it("accepts exactly 10,000 characters", async () => {
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"], "y".repeat(10_000));
    const seen = await getConversation(db(), { actor: actor("Bob Builder"), conversationId });
    expect(seen?.messages[0]?.body).toHaveLength(10_000);
  });
});

describe("retried sends", () => {
  it("stores one message for a send retried with the same client message id, even concurrently", async () => {
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"]);
    const clientMessageId = randomUUID();
    const send = () =>
      sendMessage(db(), { actor: actor("Alice Admin"), conversationId, body: "only once", clientMessageId });
    const results = await Promise.all([send(), send(), send()]);
    await send();
    expect(new Set(results.map((m) => m.id)).size).toBe(1);
    const stored = await db().select().from(messages).where(eq(messages.clientMessageId, clientMessageId));
    expect(stored).toHaveLength(1);
  });

  it("creates one conversation for a create retried with the same client message id", async () => {
    const before = await tableCount(conversations);
    const clientMessageId = randomUUID();
    const create = () =>
      createInternalConversation(db(), {
        actor: actor("Alice Admin"),
        participantIds: [idOf("Bob Builder")],
        body: "once",
        clientMessageId,
      });
    const results = await Promise.all([create(), create()]);
    await create();
    expect(new Set(results.map((r) => r.conversationId)).size).toBe(1);
    expect(await tableCount(conversations)).toBe((before ?? 0) + 1);
  });
});

describe("unread counts per view", () => {
  it("counts unread conversations in the Internal Inbox", async () => {
    const bob = actor("Bob Builder");
    const before = await countUnreadByView(db(), { actor: bob });
    await startConversation("Carol Chen", ["Bob Builder"]);
    const after = await countUnreadByView(db(), { actor: bob });
    expect(after.inbox).toBe(before.inbox + 1);
    expect(after.sent).toBe(before.sent);
  });
});
