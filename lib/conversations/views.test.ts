import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { openTestWorkspaces, seedManyConversations } from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { postMessage } from "@/lib/conversations/post-message";
import { startInternalConversation } from "@/lib/conversations/start-conversation";
import { countUnreadConversations } from "./read-state";
import { countUnreadByView, listConversations, type ViewId } from "./views";

const COUNT = 10_000;
let alice: TeamActor;
let bob: TeamActor;
const { db, workspace } = openTestWorkspaces(
  [{ slug: "acme", team: ["Alice Admin", "Bob Builder"] }],
  ({ member }) => {
    [alice, bob] = [member("Alice Admin"), member("Bob Builder")];
  },
);

beforeAll(async () => {
  await seedManyConversations(db(), {
    workspaceId: workspace("acme").workspace.id,
    from: alice.userId,
    to: bob.userId,
    count: COUNT,
  });
}, 120_000);

async function walk(actor: TeamActor, view: ViewId) {
  const seen: { id: string; lastMessageAt: Date }[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listConversations(db(), { actor, view, cursor, limit: 50 });
    seen.push(...page.rows);
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  return { seen, pages };
}

describe("keyset paging over 10,000 conversations", () => {
  it("visits every conversation exactly once, newest first, in Bob's Internal Inbox", async () => {
    const { seen, pages } = await walk(bob, "inbox");
    expect(seen).toHaveLength(COUNT);
    expect(new Set(seen.map((row) => row.id)).size).toBe(COUNT);
    expect(pages).toBe(Math.ceil(COUNT / 50));
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i - 1]?.lastMessageAt.getTime()).toBeGreaterThanOrEqual(
        seen[i]?.lastMessageAt.getTime() ?? 0,
      );
    }
  }, 120_000);

  it("moves a conversation to the top when a message arrives, without losing or repeating rows", async () => {
    const first = await listConversations(db(), { actor: bob, view: "inbox", limit: 50 });
    const oldest = (await walk(bob, "inbox")).seen.at(-1);
    if (!oldest) throw new Error("no rows");
    await postMessage(db(), {
      actor: alice,
      conversationId: oldest.id,
      body: "bump",
      clientMessageId: randomUUID(),
    });
    const after = await listConversations(db(), { actor: bob, view: "inbox", limit: 50 });
    expect(after.rows[0]?.id).toBe(oldest.id);
    expect(after.rows[0]?.preview?.body).toBe("bump");
    expect(after.rows[1]?.id).toBe(first.rows[0]?.id);
    const { seen } = await walk(bob, "inbox");
    expect(new Set(seen.map((row) => row.id)).size).toBe(COUNT);
  }, 120_000);

  it("counts unread conversations to match the rows marked unread", async () => {
    const { seen } = await walk(bob, "inbox");
    const unreadRows = seen.filter((row) => (row as { unread?: boolean }).unread).length;
    expect(await countUnreadConversations(db(), { actor: bob })).toBe(unreadRows);
    expect((await countUnreadByView(db(), { actor: bob })).inbox).toBe(unreadRows);
    expect(await countUnreadConversations(db(), { actor: alice })).toBe(0);
  }, 120_000);

  it("treats a hand-edited cursor as the first page", async () => {
    const page = await listConversations(db(), {
      actor: bob,
      view: "inbox",
      cursor: "garbage!!",
      limit: 5,
    });
    const first = await listConversations(db(), { actor: bob, view: "inbox", limit: 5 });
    expect(page.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
  });

  it("lists a new conversation in the sender's Sent and the recipient's Inbox only", async () => {
    const { conversationId } = await startInternalConversation(db(), {
      actor: bob,
      participantIds: [alice.userId],
      body: "reverse",
      clientMessageId: randomUUID(),
    });
    const top = async (actor: TeamActor, view: ViewId) =>
      (await listConversations(db(), { actor, view, limit: 1 })).rows[0]?.id;
    expect(await top(bob, "sent")).toBe(conversationId);
    expect(await top(alice, "inbox")).toBe(conversationId);
    expect(await top(bob, "inbox")).not.toBe(conversationId);
  });
});
