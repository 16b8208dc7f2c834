import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliveries, messages } from "@/db/schema";
import { openCustomerWorkspaces, recordEvents, rejectsNotFound } from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { setConversationStatus } from "@/lib/conversations/conversation-status";
import { customerUnreadSummary, listCustomerConversations } from "@/lib/conversations/customer-views";
import { getConversation, getCustomerConversation } from "@/lib/conversations/get-conversation";
import { listMessagesBefore, listMessagesSince } from "@/lib/conversations/list-messages";
import { postMessage } from "@/lib/conversations/post-message";
import { markRead } from "@/lib/conversations/read-state";
import { startConversationAsCustomer } from "@/lib/conversations/start-conversation";
import { announceCustomerTyping, announceTyping } from "@/lib/conversations/typing";
import { mayListen } from "@/lib/realtime/authorize";
import { chatChannel, conversationChannel, customerChannel, userChannel } from "@/lib/realtime/channels";

const acme = openCustomerWorkspaces();
const { db } = acme;
const recorder = recordEvents();
const id = () => randomUUID();

describe("internal notes never reach a customer", () => {
  it("on the chat page, in catch-up, in the list, on the customer's channel, or as a delivery", async () => {
    const { conversationId } = await acme.withDana("Public hello");
    const before = await getCustomerConversation(db(), { actor: acme.dana, conversationId });
    await markRead(db(), { viewer: acme.dana, conversationId, seq: before?.messages.at(-1)?.seq ?? 0 });
    recorder.clear();

    await postMessage(db(), {
      actor: acme.bob,
      conversationId,
      body: "SECRET NOTE: refund is not approved",
      visibility: "internal",
      clientMessageId: id(),
    });

    const page = await getCustomerConversation(db(), { actor: acme.dana, conversationId });
    expect(JSON.stringify(page)).not.toContain("SECRET NOTE");
    const since = await listMessagesSince(db(), { viewer: acme.dana, conversationId, afterSeq: 0 });
    expect(JSON.stringify(since)).not.toContain("SECRET NOTE");
    const list = await listCustomerConversations(db(), { actor: acme.dana });
    const row = list.find((c) => c.id === conversationId);
    expect(JSON.stringify(row)).not.toContain("SECRET NOTE");
    // Nothing new for Dana: the note does not count as unread.
    expect(row?.unread).toBe(false);

    expect(recorder.events.some((e) => e.channel === customerChannel(acme.dana.customerId))).toBe(false);
    expect(JSON.stringify(recorder.events)).toContain("SECRET NOTE"); // the team was told…
    // …and only the team: nothing on a customer's channel or the conversation's public chat channel.
    for (const event of recorder.events) expect(event.channel).toMatch(/^private-(user|conversation)-/);

    const planned = await db().$count(
      deliveries,
      sql`${deliveries.recipientCustomerId} is not null and ${deliveries.messageId} in (select id from messages where body like 'SECRET NOTE%')`,
    );
    expect(planned).toBe(0);

    // The team sees it, marked internal.
    const team = await getConversation(db(), { actor: acme.alice, conversationId });
    expect(team?.messages.find((m) => m.body.startsWith("SECRET NOTE"))?.internal).toBe(true);
  });

  it("records who joined a customer conversation as an internal line", async () => {
    const { conversationId } = await acme.withDana("Hi", []);
    const { addParticipants } = await import("@/lib/conversations/add-participants");
    await addParticipants(db(), { actor: acme.alice, conversationId, userIds: [acme.carol.userId] });
    const page = await getCustomerConversation(db(), { actor: acme.dana, conversationId });
    expect(page?.messages.map((m) => m.body)).toEqual(["Hi"]);
  });

  it("tells the customer's channels of a public reply, with no team ids", async () => {
    const { conversationId } = await acme.withDana("Hello");
    recorder.clear();
    await postMessage(db(), { actor: acme.bob, conversationId, body: "We are on it", clientMessageId: id() });
    for (const channel of [
      customerChannel(acme.dana.customerId),
      chatChannel(conversationId, acme.dana.customerId),
    ]) {
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
    expect(recorder.events.some((e) => e.channel === customerChannel(acme.erin.customerId))).toBe(false);
  });
});

describe("the chat page's list, title and widget badge", () => {
  it('reads "You" for the customer\'s own message, and shows only the team members who replied to them', async () => {
    // Bob takes part but never writes to Dana; Carol leaves a note only.
    const { conversationId } = await acme.withDana("Welcome aboard", [acme.bob.userId, acme.carol.userId]);
    await postMessage(db(), {
      actor: acme.carol,
      conversationId,
      body: "Note for the team",
      visibility: "internal",
      clientMessageId: id(),
    });
    const rowOf = async () =>
      (await listCustomerConversations(db(), { actor: acme.dana })).find((r) => r.id === conversationId);
    expect(await rowOf()).toMatchObject({
      preview: { authorName: "Alice Admin", body: "Welcome aboard", mine: false },
      team: ["Alice Admin"],
    });
    await postMessage(db(), { actor: acme.dana, conversationId, body: "Thanks!", clientMessageId: id() });
    expect((await rowOf())?.preview).toEqual({ authorName: "Dana Diaz", body: "Thanks!", mine: true });
    await postMessage(db(), { actor: acme.bob, conversationId, body: "Anytime", clientMessageId: id() });
    expect((await rowOf())?.team).toEqual(["Bob Builder", "Alice Admin"]);
  });

  it("counts unread replies and previews the newest, never an internal note", async () => {
    const { conversationId } = await acme.withDana("First reply");
    const summary = () => customerUnreadSummary(db(), { actor: acme.dana });
    const before = await summary();
    expect(before.latest).toMatchObject({ conversationId, authorName: "Alice Admin", body: "First reply" });

    await markRead(db(), { viewer: acme.dana, conversationId, seq: 1 });
    const read = await summary();
    const ids = (summary: Awaited<ReturnType<typeof customerUnreadSummary>>) =>
      summary.unread.map((row) => row.conversationId);
    expect(ids(read)).toHaveLength(ids(before).length - 1);
    expect(ids(read)).not.toContain(conversationId);
    // A note while she has read everything: nothing unread, nothing to preview of it.
    await postMessage(db(), {
      actor: acme.bob,
      conversationId,
      body: "SECRET NOTE: do not promise a refund",
      visibility: "internal",
      clientMessageId: id(),
    });
    const afterNote = await summary();
    expect(afterNote.unread).toEqual(read.unread);
    expect(JSON.stringify(afterNote)).not.toContain("SECRET NOTE");
    // A public reply after a note: the preview is the reply.
    await postMessage(db(), {
      actor: acme.bob,
      conversationId,
      body: "Refund approved",
      clientMessageId: id(),
    });
    const afterReply = await summary();
    expect(ids(afterReply)).toEqual([conversationId, ...ids(read)]);
    expect(afterReply.latest).toMatchObject({
      conversationId,
      authorName: "Bob Builder",
      body: "Refund approved",
    });
    // A note after the reply changes nothing of the preview.
    await postMessage(db(), {
      actor: acme.bob,
      conversationId,
      body: "SECRET NOTE again",
      visibility: "internal",
      clientMessageId: id(),
    });
    expect(await summary()).toEqual(afterReply);
    // Erin has nothing of it.
    expect(JSON.stringify(await customerUnreadSummary(db(), { actor: acme.erin }))).not.toContain("Refund");
  });

  it("never shows a customer typing for an internal note, nor a note's author as typing to them", async () => {
    const { conversationId } = await acme.withDana("Hello");
    recorder.clear();
    await announceTyping(db(), { actor: acme.bob, conversationId, visibility: "internal" });
    await announceCustomerTyping(db(), { actor: acme.dana, conversationId });
    for (const event of recorder.events) expect(event.channel).toMatch(/^private-conversation-/);
  });
});

describe("a customer sees only their own conversations", () => {
  it("Erin cannot read, fetch, reply to or mark Dana's conversation, and changes nothing", async () => {
    const { conversationId } = await acme.withDana("For Dana only");
    expect(await getCustomerConversation(db(), { actor: acme.erin, conversationId })).toBeNull();
    expect((await listCustomerConversations(db(), { actor: acme.erin })).map((c) => c.id)).not.toContain(
      conversationId,
    );
    await rejectsNotFound(listMessagesSince(db(), { viewer: acme.erin, conversationId, afterSeq: 0 }));
    await rejectsNotFound(
      postMessage(db(), { actor: acme.erin, conversationId, body: "Let me in", clientMessageId: id() }),
    );
    await rejectsNotFound(markRead(db(), { viewer: acme.erin, conversationId, seq: 1 }));
    expect(await db().$count(messages, eq(messages.conversationId, conversationId))).toBe(1);
  });

  it("a customer of another workspace gets nowhere either, even with a forged workspace", async () => {
    const { conversationId } = await acme.withDana("For Dana only");
    expect(await getCustomerConversation(db(), { actor: acme.outsider, conversationId })).toBeNull();
    const forged = { ...acme.outsider, workspaceId: acme.workspace.id };
    expect(await getCustomerConversation(db(), { actor: forged, conversationId })).toBeNull();
  });

  it("a session opened from one conversation's link opens that conversation only, and cannot start one", async () => {
    const first = await acme.withDana("First");
    const second = await acme.withDana("Second");
    const scoped = { ...acme.dana, onlyConversationId: first.conversationId };
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
    const { conversationId } = await acme.withDana("Team view");
    await postMessage(db(), {
      actor: acme.alice,
      conversationId,
      body: "Team only",
      visibility: "internal",
      clientMessageId: id(),
    });
    const asTeam = acme.dana as unknown as TeamActor;
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
      authorCustomerId: acme.dana.customerId,
      authorUserId: null,
      visibility: "public",
    });
  });

  it("listens on its own channels only", async () => {
    const { conversationId } = await acme.withDana("Channels");
    expect(await mayListen(db(), acme.dana, customerChannel(acme.dana.customerId))).toBe(true);
    expect(await mayListen(db(), acme.dana, chatChannel(conversationId, acme.dana.customerId))).toBe(true);
    expect(await mayListen(db(), acme.dana, customerChannel(acme.erin.customerId))).toBe(false);
    expect(await mayListen(db(), acme.erin, chatChannel(conversationId, acme.erin.customerId))).toBe(false);
    // Nor on another customer's channel of a conversation they both take part in.
    expect(await mayListen(db(), acme.erin, chatChannel(conversationId, acme.dana.customerId))).toBe(false);
    expect(await mayListen(db(), acme.dana, `private-chat-${conversationId}`)).toBe(false);
    expect(await mayListen(db(), acme.dana, conversationChannel(conversationId))).toBe(false);
    expect(await mayListen(db(), acme.dana, userChannel(acme.alice.userId))).toBe(false);
    // A session from one conversation's email link: that conversation's channel, not all of Dana's.
    const other = await acme.withDana("Another one");
    const scoped = { ...acme.dana, onlyConversationId: conversationId };
    expect(await mayListen(db(), scoped, chatChannel(conversationId, acme.dana.customerId))).toBe(true);
    expect(await mayListen(db(), scoped, chatChannel(other.conversationId, acme.dana.customerId))).toBe(
      false,
    );
    expect(await mayListen(db(), scoped, customerChannel(acme.dana.customerId))).toBe(false);
    // And no team member listens on a customer's channels.
    expect(await mayListen(db(), acme.alice, customerChannel(acme.dana.customerId))).toBe(false);
    expect(await mayListen(db(), acme.alice, chatChannel(conversationId, acme.dana.customerId))).toBe(false);
  });
});

describe("older messages, loaded as the reader scrolls up", () => {
  it("give a customer only what they may see, and nobody else anything", async () => {
    const { conversationId } = await acme.withDana("Older public");
    await postMessage(db(), {
      actor: acme.bob,
      conversationId,
      body: "OLDER NOTE for the team",
      visibility: "internal",
      clientMessageId: id(),
    });
    await postMessage(db(), { actor: acme.bob, conversationId, body: "Newer public", clientMessageId: id() });

    const danas = await listMessagesBefore(db(), { viewer: acme.dana, conversationId, beforeSeq: 100 });
    expect(danas.messages.map((m) => [m.body, m.author?.id ?? null])).toEqual([
      ["Older public", null],
      ["Newer public", null],
    ]);
    const bobs = await listMessagesBefore(db(), { viewer: acme.bob, conversationId, beforeSeq: 100 });
    expect(bobs.messages.map((m) => m.body)).toContain("OLDER NOTE for the team");

    for (const viewer of [acme.erin, acme.outsider, acme.carol])
      await rejectsNotFound(listMessagesBefore(db(), { viewer, conversationId, beforeSeq: 100 }));
  });
});
