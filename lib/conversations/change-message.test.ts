import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliveries, messageEdits, messages, participants, workspaces } from "@/db/schema";
import { openCustomerWorkspaces, recordEvents, testClock } from "@/db/testing";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { chatChannel, conversationChannel, customerChannel, userChannel } from "@/lib/realtime/channels";
import { deleteMessage, editMessage, listMessageEdits } from "./change-message";
import { listCustomerConversations } from "./customer-views";
import { listMessagesSince } from "./list-messages";
import { postMessage } from "./post-message";
import { startInternalConversation } from "./start-conversation";

const world = openCustomerWorkspaces();
const events = recordEvents();
const { start, afterSeconds: at, afterMinutes } = testClock();

/** A message in a fresh conversation between Alice, Bob and Dana, written at the clock's start. */
async function written(
  author: () => TeamActor | CustomerActor,
  visibility: "public" | "internal" = "public",
) {
  const { conversationId } = await world.withDana("Hello Dana");
  const posted = await postMessage(world.db(), {
    actor: author(),
    conversationId,
    body: "The first version",
    visibility,
    clientMessageId: randomUUID(),
    now: start,
  });
  events.clear();
  return posted;
}

const stored = async (messageId: string) =>
  (await world.db().select().from(messages).where(eq(messages.id, messageId)))[0];

/** Everything a refused change could have touched, to compare before and after. */
const footprint = async (messageId: string) => ({
  message: await stored(messageId),
  edits: await world.db().select().from(messageEdits).where(eq(messageEdits.messageId, messageId)),
  deliveries: await world.db().select().from(deliveries).where(eq(deliveries.messageId, messageId)),
});

/** The change is made only once the footprint is taken, so its refusal is always awaited. */
async function expectRefused(change: () => Promise<unknown>, code: string, messageId: string) {
  const before = await footprint(messageId);
  await expect(change()).rejects.toMatchObject({ code });
  expect(await footprint(messageId)).toEqual(before);
  expect(events.events).toEqual([]);
}

describe("editing one's own message", () => {
  it("changes its text, marks it edited, keeps the old text for admins, and tells open views", async () => {
    const { messageId, conversationId } = await written(() => world.alice);
    const plannedBefore = await world
      .db()
      .select()
      .from(deliveries)
      .where(eq(deliveries.messageId, messageId));
    await editMessage(world.db(), { actor: world.alice, messageId, body: "The second version", now: at(60) });

    const message = await stored(messageId);
    expect(message).toMatchObject({ body: "The second version", editedAt: at(60) });
    expect(await listMessageEdits(world.db(), { actor: world.alice, messageId })).toEqual([
      { previousBody: "The first version", editedAt: at(60) },
    ]);
    // Nobody is notified: no delivery planned or moved, no message.new, nobody's unread count moved.
    expect(await world.db().select().from(deliveries).where(eq(deliveries.messageId, messageId))).toEqual(
      plannedBefore,
    );
    expect(events.events.map((event) => event.name)).not.toContain("message.new");
    const changed = { name: "message.changed", data: { conversationId, messageId, seq: 2 } };
    expect(events.events).toEqual(
      expect.arrayContaining([
        { channel: conversationChannel(conversationId), ...changed },
        { channel: userChannel(world.bob.userId), ...changed },
        { channel: chatChannel(conversationId, world.dana.customerId), ...changed },
        { channel: customerChannel(world.dana.customerId), ...changed },
      ]),
    );
    const [seen] = (await listMessagesSince(world.db(), { viewer: world.dana, conversationId, afterSeq: 1 }))
      .messages;
    expect(seen).toMatchObject({ body: "The second version", editedAt: at(60), deleted: false });
  });

  it("never tells a customer of an edit of an internal message, nor shows it to them", async () => {
    const { messageId, conversationId } = await written(() => world.bob, "internal");
    await editMessage(world.db(), { actor: world.bob, messageId, body: "Still internal", now: at(30) });
    const channels = events.events.map((event) => event.channel);
    expect(channels).toContain(conversationChannel(conversationId));
    expect(channels).not.toContain(chatChannel(conversationId, world.dana.customerId));
    expect(channels).not.toContain(customerChannel(world.dana.customerId));
    const seen = await listMessagesSince(world.db(), { viewer: world.dana, conversationId, afterSeq: 0 });
    expect(seen.messages.map((message) => message.body)).toEqual(["Hello Dana"]);
  });

  it("lets a customer edit their own message on the chat page, within the window too", async () => {
    const { messageId } = await written(() => world.dana);
    await editMessage(world.db(), {
      actor: world.dana,
      messageId,
      body: "Fixed a typo",
      now: afterMinutes(14),
    });
    expect((await stored(messageId))?.body).toBe("Fixed a typo");
    events.clear();
    await expectRefused(
      () =>
        editMessage(world.db(), { actor: world.dana, messageId, body: "Too late", now: afterMinutes(16) }),
      "edit_window_closed",
      messageId,
    );
  });

  it("is refused once the workspace's window has passed, with the window in the message", async () => {
    const { messageId } = await written(() => world.alice);
    const change = editMessage(world.db(), {
      actor: world.alice,
      messageId,
      body: "Late",
      now: afterMinutes(16),
    });
    await expect(change).rejects.toThrow("within 15 minutes");
    await world
      .db()
      .update(workspaces)
      .set({ messageEditWindowSeconds: 3600 })
      .where(eq(workspaces.id, world.workspace.id));
    try {
      await editMessage(world.db(), {
        actor: world.alice,
        messageId,
        body: "In time",
        now: afterMinutes(59),
      });
      expect((await stored(messageId))?.body).toBe("In time");
    } finally {
      await world
        .db()
        .update(workspaces)
        .set({ messageEditWindowSeconds: 900 })
        .where(eq(workspaces.id, world.workspace.id));
    }
  });

  it("checks the new text like a new message, and an unchanged text changes nothing", async () => {
    const { messageId } = await written(() => world.alice);
    await expectRefused(
      () => editMessage(world.db(), { actor: world.alice, messageId, body: "   ", now: at(5) }),
      "invalid_body",
      messageId,
    );
    await editMessage(world.db(), { actor: world.alice, messageId, body: "The first version", now: at(5) });
    expect(await stored(messageId)).toMatchObject({ editedAt: null });
    expect(events.events).toEqual([]);
  });
});

describe("who may not edit", () => {
  it("refuses a teammate who sees the message, an admin, and the customer, as not theirs", async () => {
    const { messageId } = await written(() => world.bob);
    for (const actor of [world.alice, world.dana])
      await expectRefused(
        () => editMessage(world.db(), { actor, messageId, body: "Not mine", now: at(5) }),
        "not_your_message",
        messageId,
      );
  });

  it("tells someone who may not see the message that it does not exist", async () => {
    const { messageId: publicId } = await written(() => world.alice);
    const { messageId: noteId } = await written(() => world.alice, "internal");
    const outsider = { ...world.outsider, workspaceId: world.outsider.workspaceId };
    const cases: [TeamActor | CustomerActor, string][] = [
      [world.carol, publicId], // not customer-facing, not taking part
      [world.erin, publicId], // another customer of the workspace
      [outsider, publicId], // another workspace's customer
      [world.dana, noteId], // a customer, of an internal message
    ];
    for (const [actor, messageId] of cases)
      await expectRefused(
        () => editMessage(world.db(), { actor, messageId, body: "Hello?", now: at(5) }),
        "message_not_found",
        messageId,
      );
    await expectRefused(
      () => editMessage(world.db(), { actor: world.alice, messageId: "not-a-uuid", body: "x", now: at(5) }),
      "message_not_found",
      publicId,
    );
  });

  it("never lets anyone edit a system line", async () => {
    const { conversationId } = await world.withDana();
    const [line] = await world
      .db()
      .insert(messages)
      .values({
        workspaceId: world.workspace.id,
        conversationId,
        seq: 99,
        authorKind: "system",
        authorUserId: world.alice.userId,
        body: "Alice Admin closed the conversation",
        visibility: "internal",
        createdAt: start,
      })
      .returning();
    events.clear();
    for (const change of [
      () => editMessage(world.db(), { actor: world.alice, messageId: line?.id ?? "", body: "x", now: at(1) }),
      () => deleteMessage(world.db(), { actor: world.alice, messageId: line?.id ?? "", now: at(1) }),
    ])
      await expectRefused(change, "not_your_message", line?.id ?? "");
  });

  it("never shows the edit history to an admin who may not see the thread", async () => {
    const { messageId } = await startInternalConversation(world.db(), {
      actor: world.bob,
      participantIds: [world.carol.userId],
      body: "Between Bob and Carol",
      clientMessageId: randomUUID(),
      now: start,
    });
    await editMessage(world.db(), { actor: world.bob, messageId, body: "Still between us", now: at(5) });
    await expect(listMessageEdits(world.db(), { actor: world.alice, messageId })).rejects.toMatchObject({
      code: "message_not_found",
    });
  });

  it("shows the edit history to admins only", async () => {
    const { messageId } = await written(() => world.bob);
    await editMessage(world.db(), { actor: world.bob, messageId, body: "Second", now: at(5) });
    await expect(listMessageEdits(world.db(), { actor: world.bob, messageId })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});

describe("deleting a message", () => {
  it("empties it in place, removes its history, cancels what was still to be sent, and tells open views", async () => {
    const { messageId, conversationId } = await written(() => world.alice);
    await editMessage(world.db(), { actor: world.alice, messageId, body: "Edited once", now: at(5) });
    events.clear();
    const pending = await world.db().select().from(deliveries).where(eq(deliveries.messageId, messageId));
    expect(pending.length).toBeGreaterThan(0);

    await deleteMessage(world.db(), { actor: world.alice, messageId, now: at(10) });
    expect(await stored(messageId)).toMatchObject({ body: "", deletedAt: at(10) });
    expect(await world.db().select().from(messageEdits).where(eq(messageEdits.messageId, messageId))).toEqual(
      [],
    );
    const after = await world.db().select().from(deliveries).where(eq(deliveries.messageId, messageId));
    expect(after.map((delivery) => delivery.status)).toEqual(after.map(() => "cancelled"));
    expect(events.events.map((event) => event.channel)).toContain(
      chatChannel(conversationId, world.dana.customerId),
    );

    for (const viewer of [world.bob, world.dana]) {
      const [shown] = (await listMessagesSince(world.db(), { viewer, conversationId, afterSeq: 1 })).messages;
      expect(shown).toMatchObject({ deleted: true, body: "", seq: 2 });
    }
    // Its place in the thread stays: the unread marker and lists do not move back.
    const [bobs] = await world
      .db()
      .select()
      .from(participants)
      .where(eq(participants.userId, world.bob.userId));
    expect(bobs?.latestSeq).toBeGreaterThan(0);
    // The customer's list previews it as deleted, not as an empty line.
    const list = await listCustomerConversations(world.db(), { actor: world.dana });
    const row = list.find((conversation) => conversation.id === conversationId);
    expect(row?.preview?.body).toBe("This message was deleted");
  });

  it("cannot be edited or deleted again", async () => {
    const { messageId } = await written(() => world.alice);
    await deleteMessage(world.db(), { actor: world.alice, messageId, now: at(10) });
    events.clear();
    await expectRefused(
      () => editMessage(world.db(), { actor: world.alice, messageId, body: "Back", now: at(11) }),
      "message_deleted",
      messageId,
    );
    await expectRefused(
      () => deleteMessage(world.db(), { actor: world.alice, messageId, now: at(11) }),
      "message_deleted",
      messageId,
    );
  });

  it("lets an admin delete any team member's message at any time, but not a customer's", async () => {
    const { messageId } = await written(() => world.bob);
    await deleteMessage(world.db(), { actor: world.alice, messageId, now: afterMinutes(600) });
    expect((await stored(messageId))?.deletedAt).toEqual(afterMinutes(600));

    const { messageId: danas } = await written(() => world.dana);
    await expectRefused(
      () => deleteMessage(world.db(), { actor: world.alice, messageId: danas, now: at(5) }),
      "not_your_message",
      danas,
    );
  });

  it("refuses a member who is not an admin, a member past the window, and the wrong people", async () => {
    const { messageId } = await written(() => world.alice);
    await expectRefused(
      () => deleteMessage(world.db(), { actor: world.bob, messageId, now: at(5) }),
      "not_your_message",
      messageId,
    );
    for (const actor of [world.carol, world.erin])
      await expectRefused(
        () => deleteMessage(world.db(), { actor, messageId, now: at(5) }),
        "message_not_found",
        messageId,
      );
    const { messageId: bobs } = await written(() => world.bob);
    await expectRefused(
      () => deleteMessage(world.db(), { actor: world.bob, messageId: bobs, now: afterMinutes(16) }),
      "edit_window_closed",
      bobs,
    );
  });
});
