import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { items } from "@/db/schema";
import {
  openTestWorkspaces,
  seedManyItems,
  startTestConversation,
  startTestCustomerConversation,
} from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { countUnreadByView, listConversations, type ViewId } from "@/lib/conversations/views";
import { createItem } from "./create-item";
import { type ItemsFilter, listItems } from "./list-items";

const COUNT = 10_000;
let alice: TeamActor;
let bob: TeamActor;
let carol: TeamActor;
let danaId: string;
const { db, workspace } = openTestWorkspaces(
  [
    {
      slug: "acme",
      team: ["Alice Admin", "Bob Builder", "Carol Chen"],
      customers: ["Dana Diaz"],
      // Carol's customer views list her own participant rows; Bob's list the whole workspace's.
      notCustomerFacing: ["Carol Chen"],
    },
  ],
  ({ member, workspace }) => {
    [alice, bob, carol] = [member("Alice Admin"), member("Bob Builder"), member("Carol Chen")];
    danaId = workspace("acme").customer("Dana Diaz").customerId;
  },
);

// Ordinary conversations beside the items, so that the views items must stay out of are not empty.
let internalId: string;
let customerId: string;
beforeAll(async () => {
  ({ conversationId: internalId } = await startTestConversation(db(), {
    from: alice,
    to: [bob.userId, carol.userId],
  }));
  ({ conversationId: customerId } = await startTestCustomerConversation(db(), {
    from: alice,
    customers: [danaId],
    team: [bob.userId, carol.userId],
  }));
  await seedManyItems(db(), {
    workspaceId: workspace("acme").workspace.id,
    createdByUserId: alice.userId,
    followerUserIds: [bob.userId, carol.userId],
    requesterCustomerId: danaId,
    count: COUNT,
  });
  // As Postgres' autovacuum would after such a load (PGlite has none): without statistics the
  // planner sorts a whole list for each page instead of reading an index in order.
  await db().execute(sql`analyze`);
}, 120_000);

async function walkItems(actor: TeamActor, filter: ItemsFilter = {}) {
  const seen: { id: string; number: number }[] = [];
  let before = filter.before;
  let pages = 0;
  do {
    const page = await listItems(db(), { actor, filter: { ...filter, before } });
    seen.push(...page.rows);
    before = page.nextBefore ?? undefined;
    pages++;
  } while (before);
  return { seen, pages };
}

async function walkView(actor: TeamActor, view: ViewId) {
  const seen: { id: string; lastMessageAt: Date; item: unknown }[] = [];
  let cursor: string | undefined;
  do {
    const page = await listConversations(db(), { actor, view, cursor, limit: 50 });
    seen.push(...page.rows);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return seen;
}

/** The seeded item numbers, newest first. */
const numbersDown = () => Array.from({ length: COUNT }, (_, i) => COUNT - i);
// seedManyItems' rules: every fifth item is assigned, to Bob and Carol in turn (Bob when n / 5 is
// even); a follower follows every item but those with n % 3 = 1, and those assigned to them.
const assignedToBob = (n: number) => n % 5 === 0 && (n / 5) % 2 === 0;
const bobFollows = (n: number) => n % 3 !== 1 || assignedToBob(n);

/** The threads of the seeded items Bob follows, by those rules. */
const bobsFollowedThreads = async () =>
  (await db().select({ id: items.conversationId, number: items.number }).from(items))
    .filter((row) => row.number <= COUNT && bobFollows(row.number))
    .map((row) => row.id);

describe("paging over 10,000 items", () => {
  it("walks /items page by page through every item exactly once, newest number first", async () => {
    const { seen, pages } = await walkItems(bob);
    expect(pages).toBe(COUNT / 50);
    expect(new Set(seen.map((row) => row.id)).size).toBe(COUNT);
    expect(seen.map((row) => row.number)).toEqual(numbersDown());
  }, 60_000);

  it("walks each filter through exactly the items it matches, newest first", async () => {
    const numbersOf = async (filter: ItemsFilter) =>
      (await walkItems(bob, filter)).seen.map((row) => row.number);
    const descending = (keep: (n: number) => boolean) => numbersDown().filter(keep);
    expect(await numbersOf({ kind: "ticket" })).toEqual(descending((n) => n % 3 === 0));
    expect(await numbersOf({ status: "resolved" })).toEqual(descending((n) => n % 4 === 2));
    expect(await numbersOf({ mine: "assigned" })).toEqual(descending(assignedToBob));
    expect(await numbersOf({ mine: "followed" })).toEqual(descending(bobFollows));
  }, 60_000);

  it("walks Followed items through every thread Bob follows exactly once, latest activity first", async () => {
    const expected = await bobsFollowedThreads();
    const seen = await walkView(bob, "items");
    expect(seen).toHaveLength(expected.length);
    expect(new Set(seen.map((row) => row.id))).toEqual(new Set(expected));
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i - 1]?.lastMessageAt.getTime()).toBeGreaterThanOrEqual(
        seen[i]?.lastMessageAt.getTime() ?? 0,
      );
    }
    expect(seen.every((row) => row.item !== null)).toBe(true);
  }, 60_000);

  it("never lists an item thread in Internal Inbox or Open Conversations, nor counts it there", async () => {
    // Every item thread has a message from Alice: were they not left out, they would be in her
    // Sent, in Bob's and Carol's Inbox, and (the tickets) in everyone's Open Conversations.
    for (const [actor, view, only] of [
      [alice, "sent", internalId],
      [bob, "inbox", internalId],
      [carol, "inbox", internalId],
      [bob, "open", customerId],
      [carol, "open", customerId],
    ] as const) {
      expect(
        (await walkView(actor, view)).map((row) => row.id),
        `${actor.name}'s ${view}`,
      ).toEqual([only]);
    }
    // Bob has read the threads of the items numbered a multiple of 4, and none of the rest.
    const unreadItems = numbersDown().filter((n) => bobFollows(n) && n % 4 !== 0).length;
    expect(await countUnreadByView(db(), { actor: bob })).toEqual({
      inbox: 1,
      sent: 0,
      open: 1,
      closed: 0,
      items: unreadItems,
    });
  }, 60_000);
  it("does not repeat or skip an item when one is created mid-walk: the new one is above the walk", async () => {
    const first = await listItems(db(), { actor: bob, filter: {} });
    const created = await createItem(db(), { actor: alice, kind: "task", title: "Created mid-walk" });
    expect(created.number).toBe(COUNT + 1);
    const rest = await walkItems(bob, { before: first.nextBefore ?? undefined });
    const numbers = [...first.rows, ...rest.seen].map((row) => row.number);
    expect(numbers).toEqual(numbersDown());
    expect((await listItems(db(), { actor: bob, filter: {}, limit: 1 })).rows[0]?.id).toBe(created.id);
  }, 60_000);
});
