import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { conversations, users } from "@/db/schema";
import { openTestWorkspaces, startTestConversation, startTestCustomerConversation } from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { addParticipants } from "@/lib/conversations/add-participants";
import { deleteMessage } from "@/lib/conversations/change-message";
import { postMessage } from "@/lib/conversations/post-message";
import { startInternalConversation } from "@/lib/conversations/start-conversation";
import { DomainError } from "@/lib/domain-error";
import { createItem } from "@/lib/items/create-item";
import { type SearchHit, searchMessages } from "./search-messages";
import type { Segment } from "./search-terms";

const { db, member, workspace } = openTestWorkspaces([
  {
    slug: "acme",
    team: ["Alice Admin", "Bob Builder", "Carol Chen", "Dave Gone"],
    customers: ["Dana Diaz"],
    notCustomerFacing: ["Carol Chen"],
  },
  { slug: "globex", team: ["Gus Globex"] },
  {
    slug: "initech",
    team: ["Ida Initech", "Tom Teammate", "Cy Scoped"],
    customers: ["Quinn Query"],
    notCustomerFacing: ["Cy Scoped"],
  },
]);
const [alice, bob, carol, dave, gus] = [
  "Alice Admin",
  "Bob Builder",
  "Carol Chen",
  "Dave Gone",
  "Gus Globex",
].map((name) => () => member(name)) as [
  () => TeamActor,
  () => TeamActor,
  () => TeamActor,
  () => TeamActor,
  () => TeamActor,
];
const dana = () => workspace("acme").customer("Dana Diaz");

const search = (actor: TeamActor, query: string, cursor?: string, recentWindow?: number) =>
  searchMessages(db(), { actor, query, cursor, recentWindow });
const marked = (segments: Segment[] | null | undefined) =>
  (segments ?? []).filter((segment) => segment.match).map((segment) => segment.text);
const text = (segments: Segment[] | null | undefined) => (segments ?? []).map((s) => s.text).join("");
const hitIn = (hits: SearchHit[], conversationId: string) =>
  hits.find((hit) => hit.conversationId === conversationId);

// This file posts many messages within a minute: more than the sending limit lets one person.
beforeAll(() => {
  vi.stubEnv("MESSAGES_PER_MINUTE", "1000");
});
afterAll(() => {
  vi.unstubAllEnvs();
});

let internalId: string; // Alice and Bob
let customerId: string; // Alice and Dana
let subjectId: string; // Alice and Bob, with a subject
let daveId: string; // Alice and Dave, who is then deactivated
let itemNumber: number;
beforeAll(async () => {
  internalId = (
    await startTestConversation(db(), {
      from: alice(),
      to: [bob().userId],
      body: "The quarterly invoice for Globex looks wrong.\nCould you check the kumquat line?",
    })
  ).conversationId;
  customerId = (
    await startTestCustomerConversation(db(), {
      from: alice(),
      customers: [dana().customerId],
      body: "Your refund of the marmalade order is on its way.",
    })
  ).conversationId;
  subjectId = (
    await startInternalConversation(db(), {
      actor: alice(),
      participantIds: [bob().userId],
      subject: "Zephyr rollout",
      body: "Kick-off on Monday.",
      clientMessageId: randomUUID(),
    })
  ).conversationId;
  daveId = (
    await startTestConversation(db(), { from: alice(), to: [dave().userId], body: "Dave's pineapple plan" })
  ).conversationId;
  await db().update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, dave().userId));
  const item = await createItem(db(), { actor: bob(), kind: "task", title: "Renew the certificate" });
  itemNumber = item.number;
  await postMessage(db(), { actor: bob(), conversationId: item.conversationId, body: "Ordered it today." });
});

describe("searchMessages finds", () => {
  it("a message by a word of its body, with that word marked, and by the start of the last word typed", async () => {
    const { hits } = await search(bob(), "kumquat");
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ conversationId: internalId, authorName: "Alice Admin" });
    expect(marked(hits[0]?.snippet)).toEqual(["kumquat"]);
    expect(text(hits[0]?.thread.title)).toBe("Alice Admin");

    // Every word must match; only the last may be the start of a word.
    const both = await search(bob(), "Quarterly INVO");
    expect(marked(hitIn(both.hits, internalId)?.snippet)).toEqual(["quarterly", "invoice"]);
    expect((await search(bob(), "quarter invoice")).hits).toEqual([]);
    expect((await search(bob(), "quarterly kiwi")).hits).toEqual([]);
  });

  it("no deleted message: its words go with its text", async () => {
    const written = await postMessage(db(), {
      actor: alice(),
      conversationId: internalId,
      body: "The gate code is xylophone42",
      clientMessageId: randomUUID(),
    });
    expect((await search(bob(), "xylophone42")).hits).toHaveLength(1);
    await deleteMessage(db(), { actor: alice(), messageId: written.messageId });
    expect((await search(bob(), "xylophone42")).hits).toEqual([]);
  });

  it("a thread by its subject, shown at its newest message", async () => {
    const { hits } = await search(bob(), "zephyr");
    expect(hits).toHaveLength(1);
    expect(hits[0]?.conversationId).toBe(subjectId);
    expect(marked(hits[0]?.thread.subject)).toEqual(["Zephyr"]);
    expect(text(hits[0]?.snippet)).toBe("Kick-off on Monday.");
  });

  it("a thread by the name or the address of someone in it", async () => {
    const byName = await search(alice(), "diaz");
    expect(hitIn(byName.hits, customerId)).toBeDefined();
    expect(marked(hitIn(byName.hits, customerId)?.thread.title)).toEqual(["Diaz"]);
    const byAddress = await search(alice(), "dana.diaz@customer.test");
    expect(byAddress.hits.map((hit) => hit.conversationId)).toEqual([customerId]);
  });

  it("an item's thread by its title or its number, typed as 12 or #12", async () => {
    for (const query of ["certificate", `#${itemNumber}`, String(itemNumber)]) {
      const { hits } = await search(carol(), query);
      expect(
        hits.map((hit) => hit.thread.item?.number),
        query,
      ).toContain(itemNumber);
    }
    const { hits } = await search(carol(), "renew cert");
    expect(text(hits[0]?.thread.title)).toBe(`#${itemNumber} Renew the certificate`);
    expect(marked(hits[0]?.thread.title)).toEqual(["Renew", "certificate"]);
    expect(text(hits[0]?.snippet)).toBe("Ordered it today.");
  });

  it("words in any language, not only English", async () => {
    const { conversationId } = await startTestConversation(db(), {
      from: alice(),
      to: [bob().userId],
      body: "Die Größe der Datei ist zu groß. Привет, мир! 東京",
    });
    for (const query of ["größe", "ПРИВЕТ", "東京"])
      expect(
        (await search(bob(), query)).hits.map((hit) => hit.conversationId),
        query,
      ).toContain(conversationId);
  });

  it("every match once over keyset pages, newest first", async () => {
    const { conversationId } = await startTestConversation(db(), {
      from: alice(),
      to: [bob().userId],
      body: "pagination 0",
    });
    for (let n = 1; n < 45; n++)
      await postMessage(db(), { actor: n % 2 ? bob() : alice(), conversationId, body: `pagination ${n}` });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await search(bob(), "pagination", cursor);
      seen.push(...page.hits.map((hit) => text(hit.snippet)));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 45 }, (_, n) => `pagination ${44 - n}`));
  });

  it("the same, page by page, whichever way it looks: the newest messages, all of history, or the member's own threads", async () => {
    const withBob = await startTestConversation(db(), {
      from: alice(),
      to: [bob().userId],
      body: "walnut 0",
    });
    const withCarol = await startTestConversation(db(), {
      from: alice(),
      to: [carol().userId],
      body: "walnut 0",
    });
    for (let n = 1; n < 30; n++)
      for (const { conversationId } of [withBob, withCarol])
        await postMessage(db(), { actor: alice(), conversationId, body: `walnut ${n}` });
    const walk = async (actor: TeamActor, recentWindow?: number) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await search(actor, "walnut", cursor, recentWindow);
        seen.push(...page.hits.map((hit) => `${hit.conversationId} ${text(hit.snippet)}`));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    const newestFirst = (conversationId: string) =>
      Array.from({ length: 30 }, (_, n) => `${conversationId} walnut ${29 - n}`);
    // Bob, customer-facing, is searched across the workspace: within its newest messages, and (with
    // a window of one message) through every match in it.
    const bobs = await walk(bob());
    expect(bobs).toEqual(newestFirst(withBob.conversationId));
    expect(await walk(bob(), 1)).toEqual(bobs);
    // Carol, who is not, is searched in her own threads and the items' only: never Bob's.
    expect(await walk(carol())).toEqual(newestFirst(withCarol.conversationId));
    // Alice is in both: the two threads' messages interleave, newest first, either way.
    const alices = await walk(alice());
    expect(alices).toHaveLength(60);
    expect(await walk(alice(), 1)).toEqual(alices);
  });
});

describe("searchMessages finds a teammate's or a customer's threads, more than a page of them", () => {
  // Each page is cut to `limit` hits, and each kind of thread match to 2 × limit + 1 threads: with
  // a limit of 2, a dozen threads of each kind cross several cuts.
  const ida = () => member("Ida Initech");
  const tom = () => member("Tom Teammate");
  const cy = () => member("Cy Scoped");
  const quinn = () => workspace("initech").customer("Quinn Query");
  const threads: { id: string; tom: boolean; quinn: boolean; visibleTo: Set<string> }[] = [];

  beforeAll(async () => {
    // One second between writes, so that every thread's newest message has a time of its own.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-01-01T00:00:00Z") });
    const tick = () => vi.advanceTimersByTime(1000);
    const everyone = () => new Set([ida().userId, tom().userId, cy().userId]);
    for (let n = 0; n < 12; n++) {
      tick();
      // Ida and Tom, Cy in one in three.
      const internal = await startTestConversation(db(), {
        from: ida(),
        to: n % 3 ? [tom().userId] : [tom().userId, cy().userId],
        body: `chat ${n}`,
      });
      threads.push({
        id: internal.conversationId,
        tom: true,
        quinn: false,
        visibleTo: new Set(n % 3 ? [ida().userId, tom().userId] : everyone()),
      });
      tick();
      // Tom and Quinn; Cy is added to one in four; Ida sees them all, being customer-facing.
      const withQuinn = await startTestCustomerConversation(db(), {
        from: tom(),
        customers: [quinn().customerId],
        body: `order ${n}`,
      });
      if (n % 4 === 0)
        // By Ida, so that the line it posts does not name Tom: only his threads match his name.
        await addParticipants(db(), {
          actor: ida(),
          conversationId: withQuinn.conversationId,
          userIds: [cy().userId],
        });
      threads.push({
        id: withQuinn.conversationId,
        tom: true,
        quinn: true,
        visibleTo: new Set(n % 4 ? [ida().userId, tom().userId] : everyone()),
      });
      tick();
      // Tom's items: every member sees every item's thread.
      const item = await createItem(db(), { actor: tom(), kind: "task", title: `Task ${n}` });
      threads.push({ id: item.conversationId, tom: true, quinn: false, visibleTo: everyone() });
      // Ida and Cy: Tom is not in it.
      tick();
      const without = await startTestConversation(db(), {
        from: ida(),
        to: [cy().userId],
        body: `aside ${n}`,
      });
      threads.push({
        id: without.conversationId,
        tom: false,
        quinn: false,
        visibleTo: new Set([ida().userId, cy().userId]),
      });
    }
    // Older threads move up, out of the order they were started in: an internal note by Ida in
    // a customer thread moves it for the team although Quinn's own list does not move.
    for (const [index, visibility] of [
      [1, "internal"],
      [5, "public"],
      [9, "internal"],
      [0, "public"],
      [12, "public"],
    ] as const) {
      tick();
      const thread = threads[index];
      if (!thread) throw new Error(`no thread ${index}`);
      const author = thread.visibleTo.has(ida().userId) ? ida() : tom();
      await postMessage(db(), {
        actor: author,
        conversationId: thread.id,
        body: `later ${index}`,
        visibility,
      });
    }
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  /** Every page of a search, as the threads of its hits. */
  const walk = async (actor: TeamActor, query: string) => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await searchMessages(db(), { actor, query, cursor, limit: 2 });
      seen.push(...page.hits.map((hit) => hit.conversationId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return seen;
  };
  /** The threads the member may see that match, newest message first. */
  const expected = async (actor: TeamActor, matches: (thread: (typeof threads)[number]) => boolean) => {
    const times = new Map(
      (await db().select({ id: conversations.id, at: conversations.lastMessageAt }).from(conversations)).map(
        (row) => [row.id, row.at.getTime()],
      ),
    );
    return threads
      .filter((thread) => matches(thread) && thread.visibleTo.has(actor.userId))
      .sort((a, b) => (times.get(b.id) ?? 0) - (times.get(a.id) ?? 0))
      .map((thread) => thread.id);
  };

  it("by a teammate's name, as a member who sees all of them and as one who sees few", async () => {
    for (const actor of [ida(), cy(), tom()]) {
      const found = await walk(actor, "tom teammate");
      expect(found, actor.name).toEqual(await expected(actor, (thread) => thread.tom));
    }
    expect((await walk(ida(), "tom")).length).toBe(36);
  });

  it("by a customer's name, placed by the thread's newest message, internal notes included", async () => {
    for (const actor of [ida(), cy()]) {
      const found = await walk(actor, "quinn");
      expect(found, actor.name).toEqual(await expected(actor, (thread) => thread.quinn));
    }
  });
});

describe("searchMessages never shows a thread to the wrong person", () => {
  it("a member not in an internal conversation never finds it, by any field", async () => {
    for (const query of ["kumquat", "zephyr"]) expect((await search(carol(), query)).hits, query).toEqual([]);
    expect(hitIn((await search(carol(), "bob builder")).hits, internalId)).toBeUndefined();
  });

  it("a member who is not customer-facing never finds a customer conversation they are not in; one who is does", async () => {
    expect((await search(carol(), "marmalade")).hits).toEqual([]);
    expect((await search(carol(), "dana")).hits).toEqual([]);
    expect((await search(bob(), "marmalade")).hits.map((hit) => hit.conversationId)).toEqual([customerId]);
  });

  it("a member of another workspace finds nothing of this one", async () => {
    for (const query of ["kumquat", "marmalade", "zephyr", "dana", "certificate", `#${itemNumber}`])
      expect((await search(gus(), query)).hits, query).toEqual([]);
  });

  it("a deactivated member finds nothing, not even their own conversation", async () => {
    expect((await search(dave(), "pineapple")).hits).toEqual([]);
    expect((await search(alice(), "pineapple")).hits.map((hit) => hit.conversationId)).toEqual([daveId]);
  });
});

describe("searchMessages with bad input", () => {
  it("answers nothing for a search with no words in it", async () => {
    for (const query of ["", "   ", "&|!():*", "'\"\\", "<-> <->", "\u0000"])
      expect(await search(bob(), query), JSON.stringify(query)).toEqual({ hits: [], nextCursor: null });
  });

  it("takes tsquery operators as mere separators, never as syntax", async () => {
    for (const query of [
      "kumquat & | ! ( ) :*",
      "!kumquat",
      "kumquat:*",
      "(kumquat",
      "'kumquat'",
      "kumquat <->",
    ]) {
      const { hits } = await search(bob(), query);
      expect(
        hits.map((hit) => hit.conversationId),
        query,
      ).toEqual([internalId]);
    }
    // "A" after the colon is one more word to match, not a weight: nothing here has a word starting with it.
    expect((await search(bob(), "kumquat:zz")).hits).toEqual([]);
    await expect(search(bob(), "a & | ! ( ) :*")).resolves.toHaveProperty("hits");
  });

  it("refuses a huge search with a clear message, and ignores a hand-made cursor", async () => {
    const error = await search(bob(), "word ".repeat(41)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "invalid_input", message: "Search for 200 characters or fewer." });
    const { hits } = await search(bob(), "kumquat", "not-a-cursor");
    expect(hits.map((hit) => hit.conversationId)).toEqual([internalId]);
  });
});
