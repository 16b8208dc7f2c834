import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliveries, messages } from "@/db/schema";
import { openCustomerWorkspaces, recordEvents } from "@/db/testing";
import { listCustomerConversations } from "@/lib/conversations/customer-views";
import { getConversation, getCustomerConversation } from "@/lib/conversations/get-conversation";
import { postMessage } from "@/lib/conversations/post-message";
import { startInternalConversation } from "@/lib/conversations/start-conversation";
import { listConversations, nextConversationInView } from "@/lib/conversations/views";
import { chatChannel, conversationChannel, customerChannel, userChannel } from "@/lib/realtime/channels";
import { setConversationStatus } from "./conversation-status";

const acme = openCustomerWorkspaces();
const { db } = acme;
const recorder = recordEvents();
const id = () => randomUUID();

describe("a customer conversation started by the team", () => {
  it("closes and reopens; a customer's reply reopens it", async () => {
    const { conversationId } = await acme.withDana("Anything else?");
    await setConversationStatus(db(), { actor: acme.bob, conversationId, status: "closed" });
    const ids = async (view: "open" | "closed") =>
      (await listConversations(db(), { actor: acme.alice, view })).rows.map((r) => r.id);
    expect(await ids("closed")).toContain(conversationId);
    expect(await ids("open")).not.toContain(conversationId);

    await postMessage(db(), {
      actor: acme.dana,
      conversationId,
      body: "Actually, one more thing",
      clientMessageId: id(),
    });
    expect(await ids("open")).toContain(conversationId);
    expect(await ids("closed")).not.toContain(conversationId);
  });

  it("refuses to close over a message that arrived after the one on screen, and closes nothing", async () => {
    const { conversationId } = await acme.withDana("Can we close?");
    await postMessage(db(), { actor: acme.dana, conversationId, body: "Wait!", clientMessageId: id() });
    await expect(
      setConversationStatus(db(), { actor: acme.alice, conversationId, status: "closed", seenSeq: 1 }),
    ).rejects.toMatchObject({ code: "new_message" });
    expect((await getConversation(db(), { actor: acme.alice, conversationId }))?.status).toBe("open");
    await setConversationStatus(db(), { actor: acme.alice, conversationId, status: "closed", seenSeq: 2 });
    expect((await getConversation(db(), { actor: acme.alice, conversationId }))?.status).toBe("closed");
  });

  it("cannot close an internal conversation", async () => {
    const { conversationId } = await startInternalConversation(db(), {
      actor: acme.alice,
      participantIds: [acme.bob.userId],
      body: "Team only",
      clientMessageId: id(),
    });
    await expect(
      setConversationStatus(db(), { actor: acme.alice, conversationId, status: "closed" }),
    ).rejects.toMatchObject({
      code: "not_a_customer_conversation",
    });
  });
});

describe("closing and reopening, as the thread and the customer see it", () => {
  const bodies = async (conversationId: string) =>
    (await getConversation(db(), { actor: acme.alice, conversationId }))?.messages.map((m) => [
      m.kind,
      m.body,
    ]);

  it("posts a system line for the team, tells the customer's page the status, and emails nobody", async () => {
    const { conversationId } = await acme.withDana("Is it fixed?");
    recorder.clear();
    await setConversationStatus(db(), { actor: acme.alice, conversationId, status: "closed" });
    expect(await bodies(conversationId)).toEqual([
      ["user", "Is it fixed?"],
      ["system", "Alice Admin closed this conversation"],
    ]);

    // The team hears of the line as of any message: on the conversation's channel and their own.
    const lines = recorder.events.filter((e) => e.name === "message.new").map((e) => e.channel);
    expect(lines.sort()).toEqual(
      [
        conversationChannel(conversationId),
        userChannel(acme.alice.userId),
        userChannel(acme.bob.userId),
      ].sort(),
    );
    // Dana's page and list are told the status, and nothing of the line.
    const statuses = recorder.events.filter((e) => e.name === "conversation.status");
    expect(statuses.map((e) => e.channel).sort()).toEqual(
      [
        conversationChannel(conversationId),
        chatChannel(conversationId, acme.dana.customerId),
        customerChannel(acme.dana.customerId),
      ].sort(),
    );
    for (const event of statuses) expect(event.data).toEqual({ conversationId, status: "closed" });

    // The line is the team's: not on Dana's page, not unread for her, and no delivery for anyone.
    const page = await getCustomerConversation(db(), { actor: acme.dana, conversationId });
    expect(page?.messages.map((m) => m.body)).toEqual(["Is it fixed?"]);
    expect(page?.status).toBe("closed");
    const row = (await listCustomerConversations(db(), { actor: acme.dana })).find(
      (r) => r.id === conversationId,
    );
    expect(row).toMatchObject({ status: "closed", unread: true });
    const [line] = await db()
      .select()
      .from(messages)
      .where(eq(messages.body, "Alice Admin closed this conversation"));
    expect(line).toMatchObject({ authorKind: "system", visibility: "internal" });
    expect(await db().$count(deliveries, eq(deliveries.messageId, line?.id ?? ""))).toBe(0);

    recorder.clear();
    await setConversationStatus(db(), { actor: acme.bob, conversationId, status: "open" });
    expect((await bodies(conversationId))?.at(-1)).toEqual([
      "system",
      "Bob Builder reopened this conversation",
    ]);
    expect(
      recorder.events.find((e) => e.channel === chatChannel(conversationId, acme.dana.customerId))?.data,
    ).toEqual({ conversationId, status: "open" });
  });

  it("changes nothing, and tells nobody, when the status is already that", async () => {
    const { conversationId } = await acme.withDana("Hello");
    recorder.clear();
    await setConversationStatus(db(), { actor: acme.alice, conversationId, status: "open" });
    await setConversationStatus(db(), { actor: acme.alice, conversationId, status: "closed" });
    await setConversationStatus(db(), { actor: acme.bob, conversationId, status: "closed" });
    expect(await bodies(conversationId)).toEqual([
      ["user", "Hello"],
      ["system", "Alice Admin closed this conversation"],
    ]);
    expect(recorder.events.filter((e) => e.name === "conversation.status")).toHaveLength(3);
  });

  it("posts no line when the close is refused", async () => {
    const { conversationId } = await acme.withDana("Can we close?");
    await postMessage(db(), { actor: acme.dana, conversationId, body: "Wait!", clientMessageId: id() });
    recorder.clear();
    await expect(
      setConversationStatus(db(), { actor: acme.alice, conversationId, status: "closed", seenSeq: 1 }),
    ).rejects.toMatchObject({ code: "new_message" });
    expect(await bodies(conversationId)).toEqual([
      ["user", "Can we close?"],
      ["customer", "Wait!"],
    ]);
    expect(recorder.events).toEqual([]);
  });

  it("a customer's reply reopens it: the team's lists and the customer's page show it open, with the reply", async () => {
    const { conversationId } = await acme.withDana("Done here?");
    await setConversationStatus(db(), { actor: acme.alice, conversationId, status: "closed" });
    recorder.clear();
    await postMessage(db(), { actor: acme.dana, conversationId, body: "Not quite", clientMessageId: id() });
    expect((await getConversation(db(), { actor: acme.bob, conversationId }))?.status).toBe("open");
    const page = await getCustomerConversation(db(), { actor: acme.dana, conversationId });
    expect(page).toMatchObject({ status: "open" });
    expect(page?.messages.map((m) => m.body)).toEqual(["Done here?", "Not quite"]);
    // The team hears of the reply on their own channels, which moves it back to Open Conversations.
    const told = recorder.events.filter((e) => e.name === "message.new").map((e) => e.channel);
    expect(told).toEqual(
      expect.arrayContaining([userChannel(acme.alice.userId), userChannel(acme.bob.userId)]),
    );
    const row = (await listCustomerConversations(db(), { actor: acme.dana })).find(
      (r) => r.id === conversationId,
    );
    expect(row).toMatchObject({ status: "open", unread: false });
  });
});

describe("moving on after closing", () => {
  it("goes to the conversation below the closed one, else the newest, else nowhere", async () => {
    const openIds = async () =>
      (await listConversations(db(), { actor: acme.alice, view: "open", limit: 100 })).rows.map((r) => r.id);
    const close = (conversationId: string) =>
      setConversationStatus(db(), { actor: acme.alice, conversationId, status: "closed" });
    const next = (leavingId: string) =>
      nextConversationInView(db(), { actor: acme.alice, view: "open", leavingId });
    for (const conversationId of await openIds()) await close(conversationId);

    const a = (await acme.withDana("First")).conversationId;
    const b = (await acme.withDana("Second")).conversationId;
    const c = (await acme.withDana("Third")).conversationId;
    expect(await openIds()).toEqual([c, b, a]);

    // Asked before each close, as the messenger does.
    expect(await next(b)).toBe(a); // the one below it
    await close(b);
    expect(await next(a)).toBe(c); // nothing below: the newest other one
    await close(a);
    expect(await next(c)).toBeNull(); // no other
    await close(c);
    // An id that is not the workspace's has no place in the list: the newest, here none.
    expect(await next(randomUUID())).toBeNull();
  });
});
