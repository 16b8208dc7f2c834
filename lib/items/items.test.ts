import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliveries, participants } from "@/db/schema";
import { openCustomerWorkspaces, recordEvents, rejectsNotFound } from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { addParticipants } from "@/lib/conversations/add-participants";
import { setConversationStatus } from "@/lib/conversations/conversation-status";
import { listCustomerConversations } from "@/lib/conversations/customer-views";
import { getConversation, getCustomerConversation } from "@/lib/conversations/get-conversation";
import { listMessagesBefore, listMessagesSince } from "@/lib/conversations/list-messages";
import { postMessage } from "@/lib/conversations/post-message";
import { markRead } from "@/lib/conversations/read-state";
import { countUnreadByView, listConversations } from "@/lib/conversations/views";
import { mayListen } from "@/lib/realtime/authorize";
import { chatChannel, customerChannel, userChannel } from "@/lib/realtime/channels";
import { createItem, createItemFromConversation } from "./create-item";
import { addFollowers, followItem, listFollowers, removeFollower, unfollowItem } from "./followers";
import { getItem } from "./get-item";
import { requireItem } from "./item-access";
import { listItems } from "./list-items";
import { updateItem } from "./update-item";

const acme = openCustomerWorkspaces();
const { db } = acme;
const recorder = recordEvents();
const id = () => randomUUID();

const ticketForDana = (title = "Printer is on fire", actor: TeamActor = acme.bob) =>
  createItem(db(), { actor, kind: "ticket", title, requesterCustomerId: acme.dana.customerId });
const post = (actor: TeamActor, conversationId: string, body: string, visibility?: "internal" | "public") =>
  postMessage(db(), { actor, conversationId, body, visibility, clientMessageId: id() });
const followerIds = async (conversationId: string) =>
  (await listFollowers(db(), { conversationId })).map((follower) => follower.id).sort();
const deliveriesOf = (messageId: string) =>
  db()
    .select({ user: deliveries.recipientUserId, customer: deliveries.recipientCustomerId })
    .from(deliveries)
    .where(eq(deliveries.messageId, messageId));

describe("items", () => {
  it("numbers items #1, #2… in each workspace, under one counter for tickets and tasks", async () => {
    const first = await ticketForDana("First");
    const second = await createItem(db(), { actor: acme.alice, kind: "task", title: "Second" });
    expect(second.number).toBe(first.number + 1);
    // Ten at once still get ten different numbers.
    const many = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        createItem(db(), { actor: acme.alice, kind: "task", title: `Parallel ${index}` }),
      ),
    );
    expect(new Set(many.map((item) => item.number)).size).toBe(10);
  });

  it("refuses a ticket without a requester, a task with one, and a blank or invisible title", async () => {
    await expect(
      createItem(db(), { actor: acme.bob, kind: "ticket", title: "No one" }),
    ).rejects.toMatchObject({
      code: "requester_required",
    });
    await expect(
      createItem(db(), {
        actor: acme.bob,
        kind: "task",
        title: "T",
        requesterCustomerId: acme.dana.customerId,
      }),
    ).rejects.toMatchObject({ code: "customer_not_allowed" });
    await expect(
      createItem(db(), { actor: acme.bob, kind: "task", title: " \u200b " }),
    ).rejects.toMatchObject({
      code: "invalid_item",
    });
    await expect(
      createItem(db(), {
        actor: acme.bob,
        kind: "ticket",
        title: "T",
        requesterCustomerId: acme.outsider.customerId,
      }),
    ).rejects.toMatchObject({ code: "unknown_customer" });
  });

  it("starts with the creator, the assignee and the requester as followers, and opens with a system line", async () => {
    const item = await createItem(db(), {
      actor: acme.bob,
      kind: "ticket",
      title: "Refund",
      requesterCustomerId: acme.dana.customerId,
      assigneeUserId: acme.carol.userId,
    });
    expect(await followerIds(item.conversationId)).toEqual(
      [acme.bob.userId, acme.carol.userId, acme.dana.customerId].sort(),
    );
    const page = await getItem(db(), { actor: acme.alice, number: item.number });
    expect(page?.messages.map((m) => m.body)).toEqual([`Bob Builder created ticket #${item.number}`]);
    // The line is the team's: Dana sees the ticket, and no message in it.
    const danas = await getCustomerConversation(db(), {
      actor: acme.dana,
      conversationId: item.conversationId,
    });
    expect(danas?.messages).toEqual([]);
    expect(danas?.ticket).toEqual({ number: item.number, title: "Refund", status: "open" });
  });

  it("lets every team member see an item, and makes a member who posts a follower", async () => {
    const task = await createItem(db(), { actor: acme.alice, kind: "task", title: "Inventory" });
    // Carol is not customer-facing and not following, and still may see and write.
    expect(await getItem(db(), { actor: acme.carol, number: task.number })).not.toBeNull();
    expect(
      await getConversation(db(), { actor: acme.carol, conversationId: task.conversationId }),
    ).not.toBeNull();
    await post(acme.carol, task.conversationId, "I can count the chairs");
    expect(await followerIds(task.conversationId)).toEqual([acme.alice.userId, acme.carol.userId].sort());
  });

  it("follows the assignee on every (re)assignment, and records each change as a system line", async () => {
    const task = await createItem(db(), { actor: acme.alice, kind: "task", title: "Paint" });
    await updateItem(db(), {
      actor: acme.carol,
      itemId: task.id,
      changes: { assigneeUserId: acme.bob.userId },
    });
    await updateItem(db(), {
      actor: acme.carol,
      itemId: task.id,
      changes: { assigneeUserId: acme.carol.userId, status: "in_progress", title: "Paint the fence" },
    });
    await updateItem(db(), {
      actor: acme.alice,
      itemId: task.id,
      changes: { status: "resolved", title: "Paint the fence" },
    });
    await updateItem(db(), { actor: acme.alice, itemId: task.id, changes: { assigneeUserId: null } });
    const page = await getItem(db(), { actor: acme.alice, number: task.number });
    expect(page?.messages.map((m) => m.body)).toEqual([
      `Alice Admin created task #${task.number}`,
      "Carol Chen assigned this to Bob Builder",
      "Carol Chen renamed this to “Paint the fence”",
      "Carol Chen set status to In progress",
      "Carol Chen assigned this to themselves",
      "Alice Admin set status to Resolved",
      "Alice Admin unassigned Carol Chen",
    ]);
    expect(page?.item).toMatchObject({ status: "resolved", assigneeUserId: null, title: "Paint the fence" });
    // Bob stays a follower after the reassignment; nobody is removed by it.
    expect(await followerIds(task.conversationId)).toEqual(
      [acme.alice.userId, acme.bob.userId, acme.carol.userId].sort(),
    );
    // The new assignee sees the line unread.
    const bobs = await listConversations(db(), { actor: acme.bob, view: "items" });
    expect(bobs.rows.find((row) => row.id === task.conversationId)?.unread).toBe(true);
  });

  it("refuses bad field values, and changes nothing", async () => {
    const task = await createItem(db(), { actor: acme.alice, kind: "task", title: "Stays" });
    await expect(
      updateItem(db(), { actor: acme.alice, itemId: task.id, changes: { title: "" } }),
    ).rejects.toMatchObject({ code: "invalid_item" });
    await expect(
      updateItem(db(), { actor: acme.alice, itemId: task.id, changes: { status: "done" as "open" } }),
    ).rejects.toMatchObject({ code: "invalid_item" });
    await expect(
      updateItem(db(), {
        actor: acme.alice,
        itemId: task.id,
        changes: { assigneeUserId: acme.dana.customerId },
      }),
    ).rejects.toMatchObject({ code: "customer_not_allowed" });
    const page = await getItem(db(), { actor: acme.alice, number: task.number });
    expect(page?.item).toMatchObject({ title: "Stays", status: "open", assigneeUserId: null });
    expect(page?.messages).toHaveLength(1);
  });
});

describe("a message on an item reaches every follower", () => {
  it("tells every follower of a public reply on every channel, and the customer only of public ones", async () => {
    const ticket = await ticketForDana();
    await followItem(db(), { actor: acme.alice, itemId: ticket.id });
    recorder.clear();
    const note = await post(acme.alice, ticket.conversationId, "SECRET: refund not approved", "internal");
    const reply = await post(acme.alice, ticket.conversationId, "We are looking into it");

    expect((await deliveriesOf(note.messageId)).map((row) => row.user)).toEqual([acme.bob.userId]);
    expect(await deliveriesOf(reply.messageId)).toEqual(
      expect.arrayContaining([
        { user: acme.bob.userId, customer: null },
        { user: null, customer: acme.dana.customerId },
      ]),
    );
    const toDana = recorder.events.filter(
      (e) =>
        e.channel === customerChannel(acme.dana.customerId) ||
        e.channel === chatChannel(ticket.conversationId, acme.dana.customerId),
    );
    expect(toDana.map((e) => (e.data as { messageId: string }).messageId)).toEqual([
      reply.messageId,
      reply.messageId,
    ]);
    expect(JSON.stringify(toDana)).not.toContain("SECRET");
    expect(recorder.events.filter((e) => e.channel === userChannel(acme.bob.userId))).toHaveLength(2);
  });

  it("never shows an internal message to a customer follower, by any customer-side function", async () => {
    const ticket = await ticketForDana();
    await post(acme.bob, ticket.conversationId, "Hello Dana");
    await post(acme.bob, ticket.conversationId, "SECRET: she is a difficult customer", "internal");
    const conversationId = ticket.conversationId;
    const answers = [
      await getCustomerConversation(db(), { actor: acme.dana, conversationId }),
      await listCustomerConversations(db(), { actor: acme.dana }),
      await listMessagesSince(db(), { viewer: acme.dana, conversationId, afterSeq: 0 }),
      await listMessagesBefore(db(), { viewer: acme.dana, conversationId, beforeSeq: 1000 }),
    ];
    expect(JSON.stringify(answers)).toContain("Hello Dana");
    expect(JSON.stringify(answers)).not.toContain("SECRET");
    // Nor does it count as unread for her.
    await markRead(db(), { viewer: acme.dana, conversationId, seq: 1000 });
    await post(acme.bob, ticket.conversationId, "SECRET again", "internal");
    const row = (await listCustomerConversations(db(), { actor: acme.dana })).find(
      (c) => c.id === conversationId,
    );
    expect(row?.unread).toBe(false);
    expect(row?.preview?.body).toBe("Hello Dana");
  });

  it("tells a member who unfollowed nothing more: no live event, no delivery, and drops what was pending", async () => {
    const ticket = await ticketForDana();
    await followItem(db(), { actor: acme.carol, itemId: ticket.id });
    const before = await post(acme.bob, ticket.conversationId, "Before Carol leaves");
    expect((await deliveriesOf(before.messageId)).some((row) => row.user === acme.carol.userId)).toBe(true);
    await unfollowItem(db(), { actor: acme.carol, itemId: ticket.id });
    recorder.clear();
    const after = await post(acme.bob, ticket.conversationId, "After Carol left");
    expect((await deliveriesOf(after.messageId)).some((row) => row.user === acme.carol.userId)).toBe(false);
    expect(recorder.events.some((e) => e.channel === userChannel(acme.carol.userId))).toBe(false);
    // Her history stays: she may still open the item, as any team member may.
    const page = await getItem(db(), { actor: acme.carol, number: ticket.number });
    expect(page?.following).toBe(false);
    expect(page?.messages.map((m) => m.body)).toContain("Before Carol leaves");
    expect(
      (await listConversations(db(), { actor: acme.carol, view: "items" })).rows.map((r) => r.id),
    ).not.toContain(ticket.conversationId);
  });

  it("lets a new follower read the whole history, unread from the line that added them", async () => {
    const ticket = await ticketForDana();
    await post(acme.bob, ticket.conversationId, "Old news");
    await addFollowers(db(), { actor: acme.alice, itemId: ticket.id, userIds: [acme.carol.userId] });
    const page = await getItem(db(), { actor: acme.carol, number: ticket.number });
    expect(page?.messages.map((m) => m.body)).toEqual([
      `Bob Builder created ticket #${ticket.number}`,
      "Old news",
      "Alice Admin added Carol Chen as a follower",
    ]);
    expect(page?.following).toBe(true);
    expect(await countUnreadByView(db(), { actor: acme.carol })).toMatchObject({ items: expect.any(Number) });
  });
});

describe("followers, tried as the wrong person", () => {
  it("lets only the assignee and admins add or remove someone else", async () => {
    const ticket = await ticketForDana();
    await expect(
      addFollowers(db(), { actor: acme.carol, itemId: ticket.id, userIds: [acme.alice.userId] }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      removeFollower(db(), {
        actor: acme.carol,
        itemId: ticket.id,
        person: { customerId: acme.dana.customerId },
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await updateItem(db(), {
      actor: acme.bob,
      itemId: ticket.id,
      changes: { assigneeUserId: acme.carol.userId },
    });
    await removeFollower(db(), {
      actor: acme.carol,
      itemId: ticket.id,
      person: { customerId: acme.dana.customerId },
    });
    expect(await followerIds(ticket.conversationId)).not.toContain(acme.dana.customerId);
    // Nothing more reaches her, not even on a chat channel she subscribed to before.
    recorder.clear();
    await post(acme.bob, ticket.conversationId, "After Dana was removed");
    expect(JSON.stringify(recorder.events)).not.toContain(acme.dana.customerId);
    expect(await mayListen(db(), acme.dana, chatChannel(ticket.conversationId, acme.dana.customerId))).toBe(
      false,
    );
    // Removed, Dana cannot open the ticket any more.
    expect(
      await getCustomerConversation(db(), { actor: acme.dana, conversationId: ticket.conversationId }),
    ).toBeNull();
  });

  it("adds customers to tickets only, and only the workspace's own", async () => {
    const task = await createItem(db(), { actor: acme.alice, kind: "task", title: "Internal" });
    await expect(
      addFollowers(db(), { actor: acme.alice, itemId: task.id, customerIds: [acme.dana.customerId] }),
    ).rejects.toMatchObject({ code: "customer_not_allowed" });
    const ticket = await ticketForDana();
    await expect(
      addFollowers(db(), { actor: acme.alice, itemId: ticket.id, customerIds: [acme.outsider.customerId] }),
    ).rejects.toMatchObject({ code: "unknown_customer" });
    await addFollowers(db(), { actor: acme.alice, itemId: ticket.id, customerIds: [acme.erin.customerId] });
    expect(
      await getCustomerConversation(db(), { actor: acme.erin, conversationId: ticket.conversationId }),
    ).not.toBeNull();
  });

  it("shows a customer added later the public history, read, and never the team's lines", async () => {
    const ticket = await ticketForDana();
    await post(acme.bob, ticket.conversationId, "Public answer");
    await post(acme.bob, ticket.conversationId, "SECRET aside", "internal");
    await addFollowers(db(), { actor: acme.alice, itemId: ticket.id, customerIds: [acme.erin.customerId] });
    const row = (await listCustomerConversations(db(), { actor: acme.erin })).find(
      (c) => c.id === ticket.conversationId,
    );
    expect(row).toMatchObject({ unread: false, preview: { body: "Public answer" } });
    const page = await getCustomerConversation(db(), {
      actor: acme.erin,
      conversationId: ticket.conversationId,
    });
    expect(page?.messages.map((m) => m.body)).toEqual(["Public answer"]);
  });

  it("keeps its thread from being closed as a conversation: a ticket's status is set on the item", async () => {
    const ticket = await ticketForDana();
    await expect(
      setConversationStatus(db(), {
        actor: acme.alice,
        conversationId: ticket.conversationId,
        status: "closed",
      }),
    ).rejects.toMatchObject({ code: "item_thread" });
  });

  it("keeps a ticket from a customer who does not follow it, and from another workspace", async () => {
    const ticket = await ticketForDana();
    for (const customer of [acme.erin, acme.outsider]) {
      expect(
        await getCustomerConversation(db(), { actor: customer, conversationId: ticket.conversationId }),
      ).toBeNull();
      await rejectsNotFound(
        postMessage(db(), {
          actor: customer,
          conversationId: ticket.conversationId,
          body: "Hi",
          clientMessageId: id(),
        }),
      );
      await rejectsNotFound(
        listMessagesSince(db(), { viewer: customer, conversationId: ticket.conversationId, afterSeq: 0 }),
      );
      const listed = await listCustomerConversations(db(), { actor: customer });
      expect(listed.map((row) => row.id)).not.toContain(ticket.conversationId);
    }
  });

  it("keeps an item from another workspace's team", async () => {
    const ticket = await ticketForDana();
    const gus = { ...acme.alice, userId: id(), workspaceId: id(), name: "Gus" };
    await expect(requireItem(db(), gus, { itemId: ticket.id })).rejects.toMatchObject({
      code: "item_not_found",
    });
    await expect(followItem(db(), { actor: gus, itemId: ticket.id })).rejects.toMatchObject({
      code: "item_not_found",
    });
    await expect(
      updateItem(db(), { actor: gus, itemId: ticket.id, changes: { status: "closed" } }),
    ).rejects.toMatchObject({ code: "item_not_found" });
    await rejectsNotFound(post(gus, ticket.conversationId, "Hi"));
    expect((await listItems(db(), { actor: gus, filter: {} })).rows).toEqual([]);
  });
});

describe("an item from a conversation", () => {
  it("keeps the history, sends nothing again, and makes the participants followers", async () => {
    const { conversationId } = await acme.withDana("Where is my order?");
    await post(acme.bob, conversationId, "Checking", "internal");
    const deliveriesBefore = await db().$count(deliveries, eq(deliveries.conversationId, conversationId));
    recorder.clear();
    // Carol, who is not customer-facing, cannot see it, so cannot make it a ticket.
    await rejectsNotFound(
      createItemFromConversation(db(), { actor: acme.carol, conversationId, title: "Lost order" }),
    );
    const ticket = await createItemFromConversation(db(), {
      actor: acme.alice,
      conversationId,
      title: "Lost order",
    });
    expect(ticket).toMatchObject({
      kind: "ticket",
      requesterCustomerId: acme.dana.customerId,
      conversationId,
    });
    expect(await db().$count(deliveries, eq(deliveries.conversationId, conversationId))).toBe(
      deliveriesBefore,
    );
    // Only the system line went out, to the team and without a bubble.
    expect(recorder.events.every((e) => (e.data as { system?: boolean }).system === true)).toBe(true);
    expect(await followerIds(conversationId)).toEqual(
      [acme.alice.userId, acme.bob.userId, acme.dana.customerId].sort(),
    );
    // Now every team member may see it.
    const page = await getItem(db(), { actor: acme.carol, number: ticket.number });
    expect(page?.messages.map((m) => m.body)).toEqual([
      "Where is my order?",
      "Checking",
      `Alice Admin made this conversation ticket #${ticket.number}`,
    ]);
    // It moves from Open Conversations to Followed items.
    const open = await listConversations(db(), { actor: acme.bob, view: "open" });
    expect(open.rows.map((r) => r.id)).not.toContain(conversationId);
    const followed = await listConversations(db(), { actor: acme.bob, view: "items" });
    expect(followed.rows.find((r) => r.id === conversationId)?.item).toMatchObject({
      number: ticket.number,
      kind: "ticket",
    });
    await expect(
      createItemFromConversation(db(), { actor: acme.alice, conversationId, title: "Again" }),
    ).rejects.toMatchObject({ code: "already_an_item" });
    // Its followers are now managed on the item.
    await expect(
      addParticipants(db(), { actor: acme.alice, conversationId, userIds: [acme.carol.userId] }),
    ).rejects.toMatchObject({ code: "item_thread" });
  });

  it("makes a task of an internal conversation, only for someone in it", async () => {
    const { conversationId } = await (await import("@/db/testing")).startTestConversation(db(), {
      from: acme.alice,
      to: [acme.bob.userId],
      body: "Let us plan the offsite",
    });
    await rejectsNotFound(
      createItemFromConversation(db(), { actor: acme.carol, conversationId, title: "Offsite" }),
    );
    const task = await createItemFromConversation(db(), {
      actor: acme.bob,
      conversationId,
      title: "Offsite",
    });
    expect(task.kind).toBe("task");
    const rows = await db()
      .select({ onItem: participants.onItem })
      .from(participants)
      .where(and(eq(participants.conversationId, conversationId), sql`true`));
    expect(rows.every((row) => row.onItem)).toBe(true);
  });
});

describe("/items", () => {
  it("filters by kind, status, assignee and follower, and searches titles and numbers", async () => {
    const bobs = await createItem(db(), {
      actor: acme.alice,
      kind: "task",
      title: "Zebra crossing repaint",
      assigneeUserId: acme.bob.userId,
    });
    await updateItem(db(), { actor: acme.alice, itemId: bobs.id, changes: { status: "closed" } });
    const search = await listItems(db(), { actor: acme.carol, filter: { q: "zebra" } });
    expect(search.rows.map((r) => r.number)).toEqual([bobs.number]);
    const byNumber = await listItems(db(), { actor: acme.carol, filter: { q: `#${bobs.number}` } });
    expect(byNumber.rows.map((r) => r.number)).toContain(bobs.number);
    const assigned = await listItems(db(), { actor: acme.bob, filter: { mine: "assigned" } });
    expect(assigned.rows.every((r) => r.assigneeName === "Bob Builder")).toBe(true);
    const closedTasks = await listItems(db(), {
      actor: acme.bob,
      filter: { kind: "task", status: "closed" },
    });
    expect(closedTasks.rows.map((r) => r.number)).toContain(bobs.number);
    expect(closedTasks.rows.every((r) => r.kind === "task" && r.status === "closed")).toBe(true);
    const followed = await listItems(db(), { actor: acme.carol, filter: { mine: "followed" } });
    expect(followed.rows.every((r) => r.following)).toBe(true);
    // A search with LIKE's wildcards finds them literally.
    expect((await listItems(db(), { actor: acme.carol, filter: { q: "%" } })).rows).toEqual([]);
  });

  it("pages newest first, each item once", async () => {
    const all: number[] = [];
    let before: number | undefined;
    do {
      const page = await listItems(db(), { actor: acme.alice, filter: { before }, limit: 3 });
      all.push(...page.rows.map((r) => r.number));
      before = page.nextBefore ?? undefined;
    } while (before);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(10);
  });
});
