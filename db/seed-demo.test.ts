import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type TeamActor, teamActorOf } from "@/lib/auth/actor";
import { countUnreadConversations } from "@/lib/conversations/read-state";
import { listConversations, VIEWS, type ViewId } from "@/lib/conversations/views";
import { ITEM_KINDS, ITEM_STATUSES } from "@/lib/items/item-fields";
import { runEmailSweep } from "@/lib/notifications/email-sweep";
import {
  conversations,
  customers,
  deliveries,
  items,
  messages,
  participants,
  users,
  workspaces,
} from "./schema";
import { demo, seedDemo } from "./seed-demo";
import { openDemoDb } from "./testing";

const db = openDemoDb();

async function actorOf(email: string): Promise<TeamActor> {
  const [user] = await db().select().from(users).where(eq(users.email, email));
  if (!user) throw new Error(`no ${email}`);
  return teamActorOf(user);
}

/** Every row the seed writes, as it stands. */
async function everything() {
  return {
    workspaces: await db().select().from(workspaces).orderBy(asc(workspaces.id)),
    users: await db().select().from(users).orderBy(asc(users.id)),
    customers: await db().select().from(customers).orderBy(asc(customers.id)),
    items: await db().select().from(items).orderBy(asc(items.id)),
    conversations: await db().select().from(conversations).orderBy(asc(conversations.id)),
    messages: await db().select().from(messages).orderBy(asc(messages.id)),
    participants: await db().select().from(participants).orderBy(asc(participants.id)),
    deliveries: await db().select().from(deliveries).orderBy(asc(deliveries.id)),
  };
}

describe("the demo seed", () => {
  it("is idempotent: a second run changes nothing", async () => {
    const before = await everything();
    await seedDemo(db());
    expect(await everything()).toEqual(before);
    expect(before.workspaces.map((workspace) => workspace.slug)).toEqual(["acme"]);
    expect(before.users).toHaveLength(3);
  });

  it("has tickets and tasks in every status, and messages of every kind", async () => {
    const made = await db().select({ kind: items.kind, status: items.status }).from(items);
    expect(new Set(made.map((item) => item.kind))).toEqual(new Set(ITEM_KINDS));
    expect(new Set(made.map((item) => item.status))).toEqual(new Set(ITEM_STATUSES));
    const written = await db()
      .select({ author: messages.authorKind, visibility: messages.visibility })
      .from(messages);
    expect(written).toContainEqual({ author: "customer", visibility: "public" });
    expect(written).toContainEqual({ author: "user", visibility: "public" });
    expect(written).toContainEqual({ author: "user", visibility: "internal" });
    expect(written).toContainEqual({ author: "system", visibility: "internal" });
  });

  it("gives every demo user a few conversations in every messenger view", async () => {
    for (const { email } of demo.team) {
      const actor = await actorOf(email);
      const sizes = Object.fromEntries(
        await Promise.all(
          (Object.keys(VIEWS) as ViewId[]).map(async (view) => [
            view,
            (await listConversations(db(), { actor, view })).rows.length,
          ]),
        ),
      );
      for (const [view, size] of Object.entries(sizes))
        expect(size, `${email}: ${view}`).toBeGreaterThanOrEqual(2);
    }
  });

  it("leaves exactly one thread unread for each demo user, in a different view each, and none for customers", async () => {
    const unreadViews: Record<string, ViewId[]> = {};
    for (const { email } of demo.team) {
      const actor = await actorOf(email);
      expect(await countUnreadConversations(db(), { actor }), email).toBe(1);
      unreadViews[email] = [];
      for (const view of Object.keys(VIEWS) as ViewId[]) {
        const { rows } = await listConversations(db(), { actor, view });
        // The list and the badge agree, and the unread thread is the newest of its view.
        if (rows.some((row) => row.unread)) unreadViews[email].push(view);
      }
    }
    expect(unreadViews).toEqual({
      "alice@acme.test": ["inbox"],
      "bob@acme.test": ["open"],
      "carol@acme.test": ["items"],
    });
    expect(
      await db().$count(
        participants,
        sql`${participants.customerId} is not null and ${participants.latestSeq} > ${participants.lastReadSeq}`,
      ),
    ).toBe(0);
  });

  it("emails nobody, now or later: what was read is dropped, and nothing was planned for what is unread", async () => {
    const planned = await db().$count(deliveries, eq(deliveries.status, "pending"));
    expect(planned).toBeGreaterThan(0);
    const swept = await runEmailSweep(db(), {
      now: new Date(Date.now() + 86_400_000),
      appUrl: "http://app.test",
    });
    expect(swept).toMatchObject({ emails: 0, sent: 0, cancelled: planned });
  });
});
