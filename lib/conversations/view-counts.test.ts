import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openTestWorkspaces } from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { postMessage } from "./post-message";
import { countUnreadConversations } from "./read-state";
import { startCustomerConversation, startInternalConversation } from "./start-conversation";
import { countUnreadByView, listConversations, VIEWS, type ViewId } from "./views";

const { db, member, workspace } = openTestWorkspaces([
  { slug: "acme", team: ["Alice Admin", "Bob Builder", "Carol Chen"], customers: ["Dana Diaz"] },
]);
const viewIds = Object.keys(VIEWS) as ViewId[];

const say = (actor: TeamActor, conversationId: string, body: string) =>
  postMessage(db(), { actor, conversationId, body, clientMessageId: randomUUID() });

/** Where each of the actor's conversations is listed, and which are marked unread. */
async function listed(actor: TeamActor) {
  const views = new Map<string, ViewId[]>();
  const unread = new Set<string>();
  for (const view of viewIds) {
    const { rows } = await listConversations(db(), { actor, view, limit: 100 });
    for (const row of rows) {
      views.set(row.id, [...(views.get(row.id) ?? []), view]);
      if (row.unread) unread.add(row.id);
    }
  }
  return { views, unread };
}

describe("the views' unread counts", () => {
  it("count an answered conversation once, in the Internal Inbox, as the badge does", async () => {
    const [alice, bob] = [member("Alice Admin"), member("Bob Builder")];
    const { conversationId } = await startInternalConversation(db(), {
      actor: alice,
      participantIds: [bob.userId],
      body: "Can you check the March invoice?",
      clientMessageId: randomUUID(),
    });
    // Unanswered, it is in Alice's Sent.
    expect((await listed(alice)).views.get(conversationId)).toEqual(["sent"]);
    await say(bob, conversationId, "Done, it was two seats.");

    const { views, unread } = await listed(alice);
    expect(views.get(conversationId)).toEqual(["inbox"]);
    expect(unread).toEqual(new Set([conversationId]));
    expect(await countUnreadByView(db(), { actor: alice })).toEqual({
      inbox: 1,
      sent: 0,
      open: 0,
      closed: 0,
      items: 0,
    });
    expect(await countUnreadConversations(db(), { actor: alice })).toBe(1);
  });

  it("agree with each list and add up to the badge, for everyone", async () => {
    const [alice, bob, carol] = [member("Alice Admin"), member("Bob Builder"), member("Carol Chen")];
    const dana = workspace("acme").customer("Dana Diaz");
    const start = (actor: TeamActor, to: TeamActor[], body: string) =>
      startInternalConversation(db(), {
        actor,
        participantIds: to.map((person) => person.userId),
        body,
        clientMessageId: randomUUID(),
      });
    const unanswered = await start(bob, [alice, carol], "Lunch on Friday?");
    const answered = await start(carol, [alice], "The release notes are ready.");
    await say(alice, answered.conversationId, "Thanks, reading them now.");
    await say(carol, answered.conversationId, "One more fix went in.");
    await start(alice, [bob], "Standup moved to 10.");
    const withDana = await startCustomerConversation(db(), {
      actor: alice,
      customerIds: [dana.customerId],
      userIds: [bob.userId],
      body: "Your order shipped.",
      clientMessageId: randomUUID(),
    });
    await postMessage(db(), {
      actor: dana,
      conversationId: withDana.conversationId,
      body: "Thank you!",
      clientMessageId: randomUUID(),
    });
    await say(alice, unanswered.conversationId, "Count me in.");

    for (const actor of [alice, bob, carol]) {
      const { views, unread } = await listed(actor);
      for (const [id, where] of views) expect(where, `${actor.name}: ${id}`).toHaveLength(1);
      const counts = await countUnreadByView(db(), { actor });
      for (const view of viewIds) {
        const unreadHere = [...unread].filter((id) => views.get(id)?.[0] === view);
        expect(counts[view], `${actor.name}'s ${view}`).toBe(unreadHere.length);
      }
      const sum = Object.values(counts).reduce((a, b) => a + b, 0);
      expect(sum, actor.name).toBe(await countUnreadConversations(db(), { actor }));
      expect(sum, actor.name).toBe(unread.size);
    }
  });
});
