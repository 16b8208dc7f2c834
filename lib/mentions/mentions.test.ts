import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliveries, messageMentions, messages, participants, users } from "@/db/schema";
import { openTestWorkspaces, recordEvents, startTestConversation } from "@/db/testing";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { editMessage } from "@/lib/conversations/change-message";
import { listMessagesSince } from "@/lib/conversations/list-messages";
import { setMuted } from "@/lib/conversations/mute";
import { postMessage } from "@/lib/conversations/post-message";
import { startCustomerConversation } from "@/lib/conversations/start-conversation";
import { createItem } from "@/lib/items/create-item";
import { claimDueDeliveries } from "@/lib/notifications/claim-deliveries";
import { userChannel } from "@/lib/realtime/channels";
import type { MessageNotice } from "@/lib/realtime/events";
import { pauseNotifications, resumeNotifications } from "@/lib/settings/notification-settings";
import { listMentions } from "./list-mentions";
import { mentionQueryAt, mentionSegments, placeMentions, relocateMentions } from "./mention-text";
import { searchMentionable } from "./mentions";

describe("placing mentions in the text", () => {
  const bob = { id: "b", name: "Bob Builder" };
  const ann = { id: "a", name: "Ann" };
  const annLee = { id: "al", name: "Ann Lee" };

  it("stores the plain name where each @Name was, and where it stands", () => {
    expect(placeMentions("Hi @Bob Builder, and @Ann!", [ann, bob])).toEqual({
      body: "Hi Bob Builder, and Ann!",
      mentions: [
        { userId: "b", start: 3, length: 11 },
        { userId: "a", start: 20, length: 3 },
      ],
    });
  });

  it("takes the longer name first, so one name inside another is not mistaken", () => {
    const placed = placeMentions("@Ann Lee and @Ann", [ann, annLee]);
    expect(placed?.body).toBe("Ann Lee and Ann");
    expect(placed?.mentions).toEqual([
      { userId: "al", start: 0, length: 7 },
      { userId: "a", start: 12, length: 3 },
    ]);
  });

  it("is null when someone picked is no longer named with @ (the text was edited after picking)", () => {
    expect(placeMentions("Hi Bob Builder", [bob])).toBeNull();
    expect(placeMentions("Hi @Bob Build", [bob])).toBeNull();
  });

  it("moves a mention with its name when the text around it changes, and drops it when the name goes", () => {
    const before = "Hi Bob Builder, and Ann";
    const mentions = [
      { userId: "b", start: 3, length: 11 },
      { userId: "a", start: 20, length: 3 },
    ];
    expect(relocateMentions(before, "Hello there Bob Builder, and Ann", mentions)).toEqual([
      { userId: "b", start: 12, length: 11 },
      { userId: "a", start: 29, length: 3 },
    ]);
    expect(relocateMentions(before, "Hi Bob, and Ann", mentions)).toEqual([
      { userId: "a", start: 12, length: 3 },
    ]);
  });

  it("finds the mention being typed at the caret, up to one space into a name", () => {
    expect(mentionQueryAt("Hi @Bo", 6)).toEqual({ start: 3, query: "Bo" });
    expect(mentionQueryAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQueryAt("Hi @Bob Bu", 10)).toEqual({ start: 3, query: "Bob Bu" });
    expect(mentionQueryAt("Hi @Bob Builder and", 19)).toBeNull();
    expect(mentionQueryAt("mail bob@acme", 13)).toBeNull();
    expect(mentionQueryAt("Hi @Bo and more", 6)).toEqual({ start: 3, query: "Bo" });
  });

  it("cuts a body into text and mentions, ignoring a range that does not fit", () => {
    expect(mentionSegments("Hi Bob!", [{ userId: "b", start: 3, length: 3 }])).toEqual([
      { text: "Hi " },
      { text: "Bob", userId: "b" },
      { text: "!" },
    ]);
    expect(mentionSegments("Hi", [{ userId: "b", start: 1, length: 5 }])).toEqual([{ text: "Hi" }]);
  });
});

let alice: TeamActor;
let bob: TeamActor;
let carol: TeamActor;
let dave: TeamActor;
let gus: TeamActor;
let dana: CustomerActor;
const { db } = openTestWorkspaces(
  [
    {
      slug: "acme",
      team: ["Alice Admin", "Bob Builder", "Carol Chen", "Dave Gone"],
      customers: ["Dana Diaz"],
      notCustomerFacing: ["Carol Chen"],
    },
    { slug: "globex", team: ["Gus Globex"] },
  ],
  ({ member, workspace }) => {
    [alice, bob, carol, dave, gus] = [
      "Alice Admin",
      "Bob Builder",
      "Carol Chen",
      "Dave Gone",
      "Gus Globex",
    ].map(member) as [TeamActor, TeamActor, TeamActor, TeamActor, TeamActor];
    dana = workspace("acme").customer("Dana Diaz");
  },
);
const events = recordEvents();

const send = (
  actor: TeamActor | CustomerActor,
  conversationId: string,
  body: string,
  mentionIds: string[] = [],
  extra: { clientMessageId?: string; visibility?: "public" | "internal" } = {},
) =>
  postMessage(db(), {
    actor,
    conversationId,
    body,
    mentionIds,
    clientMessageId: extra.clientMessageId ?? randomUUID(),
    visibility: extra.visibility,
  });

const noticeTo = (member: TeamActor, messageId: string) =>
  events.events.find(
    (event) =>
      event.channel === userChannel(member.userId) && (event.data as MessageNotice).messageId === messageId,
  )?.data as MessageNotice | undefined;

const emailsPlanned = (messageId: string, member: TeamActor) =>
  db().$count(
    deliveries,
    and(eq(deliveries.messageId, messageId), eq(deliveries.recipientUserId, member.userId)),
  );

const messageCount = (conversationId: string) =>
  db().$count(messages, eq(messages.conversationId, conversationId));

const customerConversation = () =>
  startCustomerConversation(db(), {
    actor: alice,
    customerIds: [dana.customerId],
    userIds: [],
    body: "Hello Dana",
    clientMessageId: randomUUID(),
  });

describe("a mention", () => {
  it("reaches the person through a mute, by email and on their channel, marked as a mention", async () => {
    const { conversationId } = await startTestConversation(db(), { from: alice, to: [bob.userId] });
    await setMuted(db(), { actor: bob, conversationId, muted: true });
    const plain = await send(alice, conversationId, "Nothing for Bob here");
    expect(noticeTo(bob, plain.messageId)?.muted).toBe(true);
    expect(await emailsPlanned(plain.messageId, bob)).toBe(0);

    const mention = await send(alice, conversationId, "@Bob Builder can you look?", [bob.userId]);
    expect(noticeTo(bob, mention.messageId)).toMatchObject({ mentioned: true });
    expect(noticeTo(bob, mention.messageId)?.muted).toBeUndefined();
    expect(await emailsPlanned(mention.messageId, bob)).toBe(1);
    // Alice's own copy is not a mention of her.
    expect(noticeTo(alice, mention.messageId)?.mentioned).toBeUndefined();
  });

  it("counts for “Only direct conversations and mentions”, and is stored with the plain name a customer reads", async () => {
    await db().update(users).set({ emailChoice: "direct" }).where(eq(users.id, bob.userId));
    try {
      const { conversationId } = await customerConversation();
      const plain = await send(alice, conversationId, "Bob will call you", [], {});
      const mention = await send(alice, conversationId, "@Bob Builder will call you", [bob.userId]);
      // Bob joined by the mention, so the first had no place to reach him; the second reaches him.
      expect(await emailsPlanned(plain.messageId, bob)).toBe(0);
      expect(await emailsPlanned(mention.messageId, bob)).toBe(1);

      const forDana = await listMessagesSince(db(), { viewer: dana, conversationId, afterSeq: 0 });
      const seen = forDana.messages.find((message) => message.id === mention.messageId);
      expect(seen?.body).toBe("Bob Builder will call you");
      expect(seen?.mentions).toEqual([]);
      const forTeam = await listMessagesSince(db(), { viewer: alice, conversationId, afterSeq: 0 });
      expect(forTeam.messages.find((message) => message.id === mention.messageId)?.mentions).toEqual([
        { userId: bob.userId, start: 0, length: "Bob Builder".length },
      ]);
    } finally {
      await db().update(users).set({ emailChoice: "all" }).where(eq(users.id, bob.userId));
    }
  });

  it("adds a customer-facing teammate not taking part, with the usual line before the message", async () => {
    const { conversationId } = await customerConversation();
    const { messageId } = await send(alice, conversationId, "Over to @Bob Builder", [bob.userId]);
    const thread = await db()
      .select({ id: messages.id, body: messages.body, kind: messages.authorKind })
      .from(messages)
      .where(eq(messages.conversationId, conversationId))
      .orderBy(asc(messages.seq));
    expect(thread.map((message) => message.body)).toEqual([
      "Hello Dana",
      "Alice Admin added Bob Builder",
      "Over to Bob Builder",
    ]);
    expect(thread.at(-1)?.id).toBe(messageId);
    expect(await emailsPlanned(messageId, bob)).toBe(1);
    expect(noticeTo(bob, messageId)).toMatchObject({ mentioned: true });
  });

  it("makes a teammate a follower of an item", async () => {
    const item = await createItem(db(), { actor: alice, kind: "task", title: "Fix the gate" });
    await send(alice, item.conversationId, "@Carol Chen please review", [carol.userId]);
    const [line] = await db()
      .select({ body: messages.body })
      .from(messages)
      .where(and(eq(messages.conversationId, item.conversationId), eq(messages.authorKind, "system")))
      .orderBy(asc(messages.seq))
      .offset(1);
    expect(line?.body).toBe("Alice Admin added Carol Chen as a follower");
    const [follower] = await db()
      .select({ onItem: participants.onItem })
      .from(participants)
      .where(
        and(eq(participants.conversationId, item.conversationId), eq(participants.userId, carol.userId)),
      );
    expect(follower?.onItem).toBe(true);
  });

  it("never breaks through a pause: no bubble, and its email waits for the pause to end", async () => {
    const { conversationId } = await startTestConversation(db(), { from: alice, to: [bob.userId] });
    const now = new Date();
    await pauseNotifications(db(), { actor: bob, until: new Date(now.getTime() + 3_600_000), now });
    try {
      const { messageId } = await send(alice, conversationId, "@Bob Builder urgent", [bob.userId]);
      expect(noticeTo(bob, messageId)).toMatchObject({ mentioned: true, paused: true });
      const claimable = (at: Date) =>
        db().transaction(async (tx) =>
          (await claimDueDeliveries(tx, { channel: "email", now: at, limit: 1000 })).filter(
            (row) => row.messageId === messageId,
          ),
        );
      // Past its delay, while paused: it waits. After the pause: it is due.
      expect(await claimable(new Date(now.getTime() + 600_000))).toHaveLength(0);
      expect(await claimable(new Date(now.getTime() + 3_700_000))).toHaveLength(1);
    } finally {
      await resumeNotifications(db(), { actor: bob });
    }
  });

  it("is stored once for a retried send", async () => {
    const { conversationId } = await startTestConversation(db(), { from: alice, to: [bob.userId] });
    const clientMessageId = randomUUID();
    const first = await send(alice, conversationId, "@Bob Builder hi", [bob.userId], { clientMessageId });
    const again = await send(alice, conversationId, "@Bob Builder hi", [bob.userId], { clientMessageId });
    expect(again.messageId).toBe(first.messageId);
    expect(await db().$count(messageMentions, eq(messageMentions.messageId, first.messageId))).toBe(1);
  });
});

describe("who may be mentioned, tried as the wrong person", () => {
  it("refuses a teammate who may not see the thread, and changes nothing", async () => {
    const { conversationId } = await startTestConversation(db(), { from: alice, to: [bob.userId] });
    const before = await messageCount(conversationId);
    // An internal conversation is its participants' alone: a mention does not open it to Carol.
    await expect(send(alice, conversationId, "@Carol Chen look", [carol.userId])).rejects.toMatchObject({
      code: "mention_cannot_see",
    });
    // Carol is not customer-facing: a customer conversation she is not in is hidden from her too.
    const customer = await customerConversation();
    await expect(
      send(alice, customer.conversationId, "@Carol Chen look", [carol.userId]),
    ).rejects.toMatchObject({ code: "mention_cannot_see" });
    expect(await messageCount(conversationId)).toBe(before);
    expect(await messageCount(customer.conversationId)).toBe(1);
  });

  it("refuses a deactivated member, someone of another workspace, a customer, or a made-up id", async () => {
    const { conversationId } = await startTestConversation(db(), {
      from: alice,
      to: [bob.userId, dave.userId],
    });
    await db().update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, dave.userId));
    const before = await messageCount(conversationId);
    for (const [name, id] of [
      ["Dave Gone", dave.userId],
      ["Gus Globex", gus.userId],
      ["Dana Diaz", dana.customerId],
      ["Nobody", randomUUID()],
      ["Nobody", "not-a-uuid"],
    ] as const) {
      await expect(send(alice, conversationId, `@${name} hi`, [id])).rejects.toMatchObject({
        code: "invalid_mention",
      });
    }
    expect(await messageCount(conversationId)).toBe(before);
  });

  it("refuses a mention whose name is not in the text, and any mention from a customer", async () => {
    const { conversationId } = await customerConversation();
    await expect(send(alice, conversationId, "Bob, hi", [bob.userId])).rejects.toMatchObject({
      code: "invalid_mention",
    });
    await expect(send(dana, conversationId, "@Bob Builder hi", [bob.userId])).rejects.toMatchObject({
      code: "invalid_mention",
    });
    expect(await messageCount(conversationId)).toBe(1);
  });

  it("offers in the @ list only teammates who may see the thread, never the actor or another workspace", async () => {
    const { conversationId } = await startTestConversation(db(), { from: alice, to: [bob.userId] });
    const names = async (actor: TeamActor, id: string) =>
      (await searchMentionable(db(), { actor, conversationId: id, query: "" })).map((person) => person.name);
    expect(await names(alice, conversationId)).toEqual(["Bob Builder"]);
    const customer = await customerConversation();
    expect(await names(alice, customer.conversationId)).toEqual(["Bob Builder"]);
    await expect(names(gus, conversationId)).rejects.toMatchObject({ code: "conversation_not_found" });
    await expect(names(carol, conversationId)).rejects.toMatchObject({ code: "conversation_not_found" });
  });
});

describe("editing a message with mentions", () => {
  it("keeps a mention whose name stays, drops one whose name goes, and tells nobody anew", async () => {
    const { conversationId } = await startTestConversation(db(), { from: alice, to: [bob.userId] });
    const { messageId } = await send(alice, conversationId, "@Bob Builder see this", [bob.userId]);
    const planned = await db().$count(deliveries, eq(deliveries.messageId, messageId));
    await editMessage(db(), { actor: alice, messageId, body: "Please, Bob Builder, see this" });
    expect(
      await db()
        .select({ start: messageMentions.start })
        .from(messageMentions)
        .where(eq(messageMentions.messageId, messageId)),
    ).toEqual([{ start: 8 }]);
    await editMessage(db(), { actor: alice, messageId, body: "Please see this" });
    expect(await db().$count(messageMentions, eq(messageMentions.messageId, messageId))).toBe(0);
    expect(await db().$count(deliveries, eq(deliveries.messageId, messageId))).toBe(planned);
  });
});

describe("the Mentions view", () => {
  it("lists the messages that mention me, newest first, a page at a time, in threads I may see", async () => {
    const { conversationId } = await startTestConversation(db(), { from: alice, to: [bob.userId] });
    const sent: string[] = [];
    for (const n of [1, 2, 3]) {
      const { messageId } = await send(alice, conversationId, `@Bob Builder number ${n}`, [bob.userId]);
      sent.push(messageId);
    }
    const first = await listMentions(db(), { actor: bob, limit: 2 });
    expect(first.hits.map((hit) => hit.messageId)).toEqual([sent[2], sent[1]]);
    expect(first.hits[0]?.snippet.some((segment) => segment.match && segment.text === "Bob")).toBe(true);
    const second = await listMentions(db(), { actor: bob, limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.hits.map((hit) => hit.messageId)).toContain(sent[0]);
    // Nobody else sees Bob's mentions, and once he is out of the thread, neither does he.
    expect((await listMentions(db(), { actor: carol })).hits.map((hit) => hit.messageId)).not.toContain(
      sent[0],
    );
    await db()
      .delete(participants)
      .where(and(eq(participants.conversationId, conversationId), eq(participants.userId, bob.userId)));
    const after = await listMentions(db(), { actor: bob, limit: 50 });
    expect(after.hits.map((hit) => hit.messageId)).not.toContain(sent[0]);
  });
});
