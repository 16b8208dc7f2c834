import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { users } from "@/db/schema";
import { openTestWorkspaces, startTestConversation, startTestCustomerConversation } from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
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
