import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversations, customers, deliveries, messages, participants } from "@/db/schema";
import { openCustomerWorkspaces, recordEvents, rejectsNotFound } from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { listCustomerConversations } from "@/lib/conversations/customer-views";
import { getConversation, getCustomerConversation } from "@/lib/conversations/get-conversation";
import { postMessage } from "@/lib/conversations/post-message";
import { countUnreadByView, listConversations, type ViewId } from "@/lib/conversations/views";
import { userChannel } from "@/lib/realtime/channels";
import { MAX_SUBJECT_LENGTH } from "./lengths";
import {
  startConversationAsCustomer,
  startCustomerConversation,
  startInternalConversation,
} from "./start-conversation";

const acme = openCustomerWorkspaces();
const { db } = acme;
const recorder = recordEvents();
const id = () => randomUUID();

describe("a customer conversation started by the team", () => {
  it("includes the customers and teammates chosen, shows in Open Conversations, and the customer sees it", async () => {
    const { conversationId } = await acme.withDana("Your order shipped");
    const people = await db()
      .select({ userId: participants.userId, customerId: participants.customerId })
      .from(participants)
      .where(eq(participants.conversationId, conversationId));
    expect(people).toHaveLength(3);
    expect(people.filter((p) => p.customerId === acme.dana.customerId)).toHaveLength(1);

    const open = await listConversations(db(), { actor: acme.bob, view: "open" });
    const row = open.rows.find((r) => r.id === conversationId);
    expect(row?.people.find((p) => p.kind === "customer")?.name).toBe("Dana Diaz");
    expect(row?.unread).toBe(true);
    expect((await countUnreadByView(db(), { actor: acme.bob })).open).toBeGreaterThan(0);

    const mine = await listCustomerConversations(db(), { actor: acme.dana });
    expect(mine.find((c) => c.id === conversationId)?.preview?.body).toBe("Your order shipped");
    const seen = await getCustomerConversation(db(), { actor: acme.dana, conversationId });
    expect(seen?.messages.map((m) => [m.author?.name, m.body, m.kind === "user"])).toEqual([
      ["Alice Admin", "Your order shipped", true],
    ]);
  });

  it("adds a new address as a new customer of the workspace", async () => {
    const { conversationId } = await startCustomerConversation(db(), {
      actor: acme.alice,
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
    expect(created?.workspaceId).toBe(acme.workspace.id);
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
        actor: acme.alice,
        customerIds: input.customerIds ?? [],
        newCustomerEmails: input.newCustomerEmails,
        userIds: [],
        body: "Hi",
        clientMessageId: id(),
      });
    await expect(attempt({})).rejects.toMatchObject({ code: "no_customers" });
    await expect(attempt({ customerIds: [acme.outsider.customerId] })).rejects.toMatchObject({
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
      actor: acme.alice,
      customerIds: [acme.dana.customerId],
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
});

describe("a conversation's subject", () => {
  const withBob = (body: string, subject?: string) =>
    startInternalConversation(db(), {
      actor: acme.alice,
      participantIds: [acme.bob.userId],
      subject,
      body,
      clientMessageId: id(),
    });
  const rowOf = async (actor: TeamActor, view: ViewId, conversationId: string) =>
    (await listConversations(db(), { actor, view })).rows.find((row) => row.id === conversationId);

  it("is stored as plain text on one line, and named in the list, the conversation, and the customer's list", async () => {
    const { conversationId } = await withBob("About March", "  March\ninvoice \u202e ");
    expect((await rowOf(acme.bob, "inbox", conversationId))?.subject).toBe("March invoice");
    expect((await getConversation(db(), { actor: acme.bob, conversationId }))?.subject).toBe("March invoice");

    const withDana = await startCustomerConversation(db(), {
      actor: acme.alice,
      customerIds: [acme.dana.customerId],
      userIds: [],
      subject: "Your refund",
      body: "It is on its way",
      clientMessageId: id(),
    });
    const mine = await listCustomerConversations(db(), { actor: acme.dana });
    expect(mine.find((row) => row.id === withDana.conversationId)?.subject).toBe("Your refund");
  });

  it("is optional: none, or only spaces, is no subject", async () => {
    for (const subject of [undefined, "", " \t "]) {
      const { conversationId } = await withBob("No subject", subject);
      expect((await rowOf(acme.alice, "sent", conversationId))?.subject).toBeNull();
    }
  });

  it("is refused when too long, with a clear message, and nothing is stored", async () => {
    const before = await db().$count(conversations);
    await expect(withBob("Hi", "x".repeat(MAX_SUBJECT_LENGTH + 1))).rejects.toMatchObject({
      code: "invalid_input",
      message: `A subject can be at most ${MAX_SUBJECT_LENGTH} characters.`,
    });
    expect(await db().$count(conversations)).toBe(before);
    const { conversationId } = await withBob("Hi", "é".repeat(MAX_SUBJECT_LENGTH));
    expect((await rowOf(acme.alice, "sent", conversationId))?.subject).toHaveLength(MAX_SUBJECT_LENGTH);
  });

  it("without one, the list tells two conversations with Bob apart by the first line of each", async () => {
    const first = await withBob("Can you check the March invoice?\nIt shows 12 seats.");
    const second = await withBob("Lunch on Friday?");
    for (const { conversationId } of [first, second])
      await postMessage(db(), { actor: acme.bob, conversationId, body: "Sure", clientMessageId: id() });
    const single = await withBob("Only one message here");

    const rows = (await listConversations(db(), { actor: acme.alice, view: "inbox" })).rows;
    const row = (conversationId: string) => rows.find((r) => r.id === conversationId);
    expect(row(first.conversationId)).toMatchObject({
      opening: "Can you check the March invoice?",
      preview: { authorName: "Bob Builder", body: "Sure" },
    });
    expect(row(second.conversationId)?.opening).toBe("Lunch on Friday?");
    // A single message is its own preview: the row does not repeat it.
    const alone = await rowOf(acme.alice, "sent", single.conversationId);
    expect(alone).toMatchObject({ opening: null, preview: { body: "Only one message here" } });
  });
});

describe("conversations a customer starts", () => {
  it("reach the customer-facing team at once, and not Carol, who is not customer-facing", async () => {
    recorder.clear();
    const { conversationId } = await startConversationAsCustomer(db(), {
      actor: acme.erin,
      body: "My invoice is wrong",
      clientMessageId: id(),
    });
    for (const member of [acme.alice, acme.bob]) {
      const open = await listConversations(db(), { actor: member, view: "open" });
      expect(open.rows.find((r) => r.id === conversationId)?.unread).toBe(true);
      expect(recorder.events.some((e) => e.channel === userChannel(member.userId))).toBe(true);
    }
    expect(
      (await listConversations(db(), { actor: acme.carol, view: "open" })).rows.map((r) => r.id),
    ).not.toContain(conversationId);
    expect(await getConversation(db(), { actor: acme.carol, conversationId })).toBeNull();
    expect(recorder.events.some((e) => e.channel === userChannel(acme.carol.userId))).toBe(false);
    // Team members are emailed if they do not see it in time.
    const planned = await db().$count(
      deliveries,
      sql`${deliveries.conversationId} = ${conversationId} and ${deliveries.recipientUserId} is not null`,
    );
    expect(planned).toBe(2);
  });

  it("a customer-facing member sees every customer conversation, and joins one by replying", async () => {
    const { conversationId } = await startCustomerConversation(db(), {
      actor: acme.alice,
      customerIds: [acme.erin.customerId],
      userIds: [],
      body: "Alice and Erin only",
      clientMessageId: id(),
    });
    expect(
      (await listConversations(db(), { actor: acme.bob, view: "open" })).rows.map((r) => r.id),
    ).toContain(conversationId);
    const view = await getConversation(db(), { actor: acme.bob, conversationId });
    expect(view?.isParticipant).toBe(false);
    await postMessage(db(), { actor: acme.bob, conversationId, body: "Bob here", clientMessageId: id() });
    expect((await getConversation(db(), { actor: acme.bob, conversationId }))?.isParticipant).toBe(true);
    // Carol, not customer-facing and not taking part, sees nothing of it and cannot write in it.
    await rejectsNotFound(
      postMessage(db(), { actor: acme.carol, conversationId, body: "x", clientMessageId: id() }),
    );
  });
});
