import { randomUUID } from "node:crypto";
import { asc, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversations, messages, participants, users } from "@/db/schema";
import { openTestWorkspaces, startTestConversation, type TestWorkspace } from "@/db/testing";
import { startSession } from "@/lib/auth/sessions";
import { loadTeamActor } from "@/lib/auth/team-members";
import { postMessage } from "@/lib/conversations/post-message";
import { startInternalConversation } from "@/lib/conversations/start-conversation";
import { DomainError } from "@/lib/domain-error";
import { searchTeamMembers } from "@/lib/people/team-members";
import { addParticipants } from "./add-participants";
import { getConversation } from "./get-conversation";
import { clientMessageId as clientMessageIdSchema } from "./message-body";
import { countUnreadConversations, markRead } from "./read-state";
import { MAX_PARTICIPANTS } from "./room";
import { countUnreadByView, listConversations } from "./views";

// 51 more teammates, enough to go past the participant limit.
const crowd = Array.from({ length: MAX_PARTICIPANTS + 1 }, (_, i) => `Crowd Member ${i + 1}`);

let acme: TestWorkspace;
let globex: TestWorkspace;
const { db, member: actor } = openTestWorkspaces(
  [
    {
      slug: "acme",
      team: ["Alice Admin", "Bob Builder", "Carol Chen", "Dave Gone", ...crowd],
      customers: ["Dana Diaz"],
    },
    { slug: "globex", team: ["Gina Globex", "Gus Globex"], customers: ["Gil Customer"] },
  ],
  ({ workspace }) => {
    [acme, globex] = [workspace("acme"), workspace("globex")];
  },
);
const idOf = (name: string) => actor(name).userId;
const customerId = (workspace: typeof acme, index = 0) => {
  const customer = workspace.customers[index];
  if (!customer) throw new Error("no customer");
  return customer.id;
};

const startConversation = (from: string, to: string[], body?: string) =>
  startTestConversation(db(), { from: actor(from), to: to.map(idOf), body });

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

async function expectDomainError(promise: Promise<unknown>, code: string) {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

/** Crafted input may be refused, but only with a typed error: a raw database error is a 500. */
async function expectNoServerError<T>(promise: Promise<T>): Promise<T | DomainError> {
  try {
    return await promise;
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
}

const tableCount = async (table: typeof messages | typeof conversations | typeof participants) =>
  (await db().select({ n: count() }).from(table))[0]?.n ?? 0;

/** Everything stored about a conversation, to prove an attempt changed nothing. */
async function snapshot(conversationId: string) {
  const [conversation] = await db().select().from(conversations).where(eq(conversations.id, conversationId));
  const people = await db()
    .select()
    .from(participants)
    .where(eq(participants.conversationId, conversationId))
    .orderBy(asc(participants.id));
  const lines = await db()
    .select()
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(asc(messages.seq));
  return { conversation, people, lines };
}

describe("an internal conversation, tried by someone outside it", () => {
  const outsiders = ["Carol Chen", "Gina Globex"];

  it.each(outsiders)("leaves no trace for %s: no page, no list row, no unread count", async (outsider) => {
    const who = actor(outsider);
    const countsBefore = await countUnreadByView(db(), { actor: who });
    const badgeBefore = await countUnreadConversations(db(), { actor: who });

    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"], "Layoffs next week");
    await postMessage(db(), {
      actor: actor("Bob Builder"),
      conversationId,
      body: "Understood",
      clientMessageId: randomUUID(),
    });

    expect(await getConversation(db(), { actor: who, conversationId })).toBeNull();
    for (const view of ["inbox", "sent"] as const) {
      const list = await listConversations(db(), { actor: who, view, limit: 1000 });
      expect(list.rows.map((row) => row.id)).not.toContain(conversationId);
      expect(JSON.stringify(list)).not.toContain("Layoffs");
    }
    expect(await countUnreadByView(db(), { actor: who })).toEqual(countsBefore);
    expect(await countUnreadConversations(db(), { actor: who })).toBe(badgeBefore);
  });

  it.each(outsiders)(
    "refuses every action by %s with a typed error and changes nothing",
    async (outsider) => {
      const who = actor(outsider);
      const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"], "Private");
      const before = await snapshot(conversationId);

      await expectDomainError(
        postMessage(db(), { actor: who, conversationId, body: "let me in", clientMessageId: randomUUID() }),
        "conversation_not_found",
      );
      await expectDomainError(
        markRead(db(), { viewer: who, conversationId, seq: 1 }),
        "conversation_not_found",
      );
      await expectDomainError(
        addParticipants(db(), { actor: who, conversationId, userIds: [who.userId] }),
        "conversation_not_found",
      );
      // A teammate of the outsider's own workspace, not yet in it: the people check passes and only access is left.
      const teammate = outsider === "Carol Chen" ? idOf("Crowd Member 1") : idOf("Gus Globex");
      await expectDomainError(
        addParticipants(db(), { actor: who, conversationId, userIds: [teammate] }),
        "conversation_not_found",
      );

      expect(await snapshot(conversationId)).toEqual(before);
    },
  );

  it("answers a crafted or foreign conversation id exactly like an unknown one, never with a server error", async () => {
    const alice = actor("Alice Admin");
    const foreign = await startConversation("Gina Globex", ["Gus Globex"], "Globex only");
    const crafted = [
      randomUUID(),
      foreign.conversationId,
      foreign.conversationId.toUpperCase(),
      "not-a-uuid",
      "",
      "' or 1=1 --",
      `{${randomUUID()}}`,
      "0".repeat(100),
    ];
    for (const conversationId of crafted) {
      expect(await getConversation(db(), { actor: alice, conversationId })).toBeNull();
      await expectDomainError(
        postMessage(db(), { actor: alice, conversationId, body: "hi", clientMessageId: randomUUID() }),
        "conversation_not_found",
      );
      await expectDomainError(
        markRead(db(), { viewer: alice, conversationId, seq: 1 }),
        "conversation_not_found",
      );
      await expectDomainError(
        addParticipants(db(), { actor: alice, conversationId, userIds: [idOf("Carol Chen")] }),
        "conversation_not_found",
      );
    }
    const globexMessages = await db()
      .select({ body: messages.body })
      .from(messages)
      .where(eq(messages.conversationId, foreign.conversationId));
    expect(globexMessages.map((m) => m.body)).toEqual(["Globex only"]);
  });

  it("shows a participant only the people and the newest line of their own conversations", async () => {
    await startConversation("Alice Admin", ["Carol Chen"], "Carol-only secret");
    await startConversation("Alice Admin", ["Bob Builder"], "For Bob");
    const bob = actor("Bob Builder");
    const { rows } = await listConversations(db(), { actor: bob, view: "inbox", limit: 1000 });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const truth = await snapshot(row.id);
      const othersInIt = truth.people.filter((p) => p.userId !== bob.userId).map((p) => p.userId);
      expect(truth.people.map((p) => p.userId)).toContain(bob.userId);
      expect(row.people.map((p) => p.id).sort()).toEqual(othersInIt.sort());
      expect(row.preview?.body).toBe(truth.lines.at(-1)?.body);
    }
    expect(JSON.stringify(rows)).not.toContain("Carol-only secret");
  });

  it("never hands an outsider someone else's send through a guessed client message id", async () => {
    const clientMessageId = randomUUID();
    const alices = await startInternalConversation(db(), {
      actor: actor("Alice Admin"),
      participantIds: [idOf("Bob Builder")],
      body: "Alice's words",
      clientMessageId,
    });
    const carols = await startInternalConversation(db(), {
      actor: actor("Carol Chen"),
      participantIds: [idOf("Bob Builder")],
      body: "Carol's words",
      clientMessageId,
    });
    expect(carols.conversationId).not.toBe(alices.conversationId);
    expect(carols.messageId).not.toBe(alices.messageId);
    expect(
      await getConversation(db(), { actor: actor("Carol Chen"), conversationId: alices.conversationId }),
    ).toBeNull();

    const gus = await postMessage(db(), {
      actor: actor("Gus Globex"),
      conversationId: (await startConversation("Gina Globex", ["Gus Globex"])).conversationId,
      body: "Gus's words",
      clientMessageId,
    });
    expect(gus.messageId).not.toBe(alices.messageId);
    expect(await bodyOf(gus.messageId)).toBe("Gus's words");
  });
});

describe("customers and internal conversations", () => {
  it("refuses a customer's id wherever a crafted request puts it, and stores nothing", async () => {
    const dana = customerId(acme);
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"]);
    const before = await snapshot(conversationId);
    const totals = async () => [
      await tableCount(conversations),
      await tableCount(participants),
      await tableCount(messages),
    ];
    const totalsBefore = await totals();

    for (const participantIds of [
      [dana],
      [idOf("Bob Builder"), dana],
      [dana, dana],
      [dana, idOf("Alice Admin")],
    ]) {
      const error = await expectDomainError(
        startInternalConversation(db(), {
          actor: actor("Alice Admin"),
          participantIds,
          body: "hi",
          clientMessageId: randomUUID(),
        }),
        "customer_not_allowed",
      );
      expect(error.message).toMatch(/customers cannot be added/i);
    }
    for (const userIds of [[dana], [idOf("Carol Chen"), dana]]) {
      await expectDomainError(
        addParticipants(db(), { actor: actor("Bob Builder"), conversationId, userIds }),
        "customer_not_allowed",
      );
    }

    // All or nothing: Carol, named beside the customer, was not added either.
    expect(await snapshot(conversationId)).toEqual(before);
    expect(await totals()).toEqual(totalsBefore);
  });

  it("refuses another workspace's customer as an unknown person, without saying who they are", async () => {
    const gil = customerId(globex);
    await expectDomainError(
      startInternalConversation(db(), {
        actor: actor("Alice Admin"),
        participantIds: [gil],
        body: "hi",
        clientMessageId: randomUUID(),
      }),
      "unknown_participant",
    );
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"]);
    await expectDomainError(
      addParticipants(db(), { actor: actor("Alice Admin"), conversationId, userIds: [gil] }),
      "unknown_participant",
    );
  });
});

describe("workspaces", () => {
  it("lets no one find, start with, or add people of another workspace", async () => {
    const gina = actor("Gina Globex");
    const found = await searchTeamMembers(db(), { actor: gina, query: "", limit: 100 });
    expect(found.map((p) => p.name)).toEqual(["Gus Globex"]);
    for (const query of ["Alice", "acme", "@", "a"]) {
      const hits = await searchTeamMembers(db(), { actor: gina, query, limit: 100 });
      expect(hits.every((p) => globex.team.some((member) => member.id === p.id))).toBe(true);
    }
    const aliceSees = await searchTeamMembers(db(), {
      actor: actor("Alice Admin"),
      query: "globex",
      limit: 100,
    });
    expect(aliceSees).toEqual([]);

    const totalsBefore = await tableCount(conversations);
    await expectDomainError(
      startInternalConversation(db(), {
        actor: gina,
        participantIds: [idOf("Alice Admin")],
        body: "hi",
        clientMessageId: randomUUID(),
      }),
      "unknown_participant",
    );
    const { conversationId } = await startConversation("Gina Globex", ["Gus Globex"]);
    const before = await snapshot(conversationId);
    await expectDomainError(
      addParticipants(db(), { actor: gina, conversationId, userIds: [idOf("Alice Admin")] }),
      "unknown_participant",
    );
    expect(await snapshot(conversationId)).toEqual(before);
    expect(await tableCount(conversations)).toBe(totalsBefore + 1);
  });
});

describe("message bodies", () => {
  it.each([
    ["empty", ""],
    ["spaces, tabs and newlines", " \t\r\n "],
    ["Unicode spaces", "\u00a0\u2003\u3000\u2028\ufeff"],
    ["missing", undefined],
    ["not text", 42],
  ])("refuses a body that is %s with 'Write a message first.' and stores nothing", async (_label, body) => {
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"]);
    const before = [await tableCount(messages), await tableCount(conversations)];
    const sent = await expectDomainError(
      postMessage(db(), {
        actor: actor("Alice Admin"),
        conversationId,
        body: body as string,
        clientMessageId: randomUUID(),
      }),
      "invalid_body",
    );
    expect(sent.message).toBe("Write a message first.");
    await expectDomainError(
      startInternalConversation(db(), {
        actor: actor("Alice Admin"),
        participantIds: [idOf("Bob Builder")],
        body: body as string,
        clientMessageId: randomUUID(),
      }),
      "invalid_body",
    );
    expect([await tableCount(messages), await tableCount(conversations)]).toEqual(before);
  });

  it("refuses 10,001 characters with the limit in the message, and stores nothing", async () => {
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"]);
    const before = await tableCount(messages);
    const error = await expectDomainError(
      postMessage(db(), {
        actor: actor("Alice Admin"),
        conversationId,
        body: `${" ".repeat(5_000)}${"x".repeat(5_001)}`,
        clientMessageId: randomUUID(),
      }),
      "invalid_body",
    );
    expect(error.message).toBe("A message can be at most 10,000 characters.");
    expect(await tableCount(messages)).toBe(before);
  });

  it("refuses a crafted body holding a NUL character with a typed error, not a server error", async () => {
    // Postgres text cannot hold U+0000: unchecked, the insert fails and the action answers "internal".
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"]);
    const before = await tableCount(messages);
    const result = await expectNoServerError(
      postMessage(db(), {
        actor: actor("Alice Admin"),
        conversationId,
        body: "hello\u0000world",
        clientMessageId: randomUUID(),
      }),
    );
    expect(result).toBeInstanceOf(DomainError);
    expect((result as DomainError).code).toBe("invalid_body");
    expect(await tableCount(messages)).toBe(before);
  });
});

describe("retried sends", () => {
  it("stores one message per person for one client message id, even when two people share it", async () => {
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"]);
    const clientMessageId = randomUUID();
    const send = (name: string) =>
      postMessage(db(), { actor: actor(name), conversationId, body: `from ${name}`, clientMessageId });
    const results = await Promise.all([send("Alice Admin"), send("Bob Builder"), send("Alice Admin")]);
    await send("Bob Builder");
    const stored = await db()
      .select({ author: messages.authorUserId, body: messages.body })
      .from(messages)
      .where(eq(messages.clientMessageId, clientMessageId));
    expect(stored.map((m) => m.body).sort()).toEqual(["from Alice Admin", "from Bob Builder"]);
    expect(results[0]?.messageId).toBe(results[2]?.messageId);
    expect(await bodyOf(results[1]?.messageId)).toBe("from Bob Builder");
  });

  it("creates one conversation with one set of participants when a create races its retries", async () => {
    const before = [
      await tableCount(conversations),
      await tableCount(participants),
      await tableCount(messages),
    ];
    const clientMessageId = randomUUID();
    const create = () =>
      startInternalConversation(db(), {
        actor: actor("Carol Chen"),
        participantIds: [idOf("Bob Builder")],
        body: "once",
        clientMessageId,
      });
    const results = await Promise.all([create(), create(), create(), create()]);
    expect(new Set(results.map((r) => r.conversationId)).size).toBe(1);
    expect([
      await tableCount(conversations),
      await tableCount(participants),
      await tableCount(messages),
    ]).toEqual([(before[0] ?? 0) + 1, (before[1] ?? 0) + 2, (before[2] ?? 0) + 1]);
  });
});

describe("deactivated team members", () => {
  it("get no actor, cannot be found, written to or added, and do not block the people left", async () => {
    // A conversation Dave was in while still active.
    const { conversationId } = await startConversation("Alice Admin", ["Dave Gone"], "Before he left");
    await db()
      .update(users)
      .set({ deactivatedAt: new Date() })
      .where(eq(users.id, idOf("Dave Gone")));

    // Every page and action builds its actor through loadTeamActor: Dave gets none, so nothing runs for him.
    const davesSession = await startSession(db(), {
      workspaceId: actor("Alice Admin").workspaceId,
      person: { userId: idOf("Dave Gone") },
      seconds: 3600,
    });
    expect(await loadTeamActor(db(), { userId: idOf("Dave Gone"), sessionId: davesSession })).toBeNull();

    const alice = actor("Alice Admin");
    expect(await searchTeamMembers(db(), { actor: alice, query: "Dave", limit: 100 })).toEqual([]);
    await expectDomainError(
      startInternalConversation(db(), {
        actor: alice,
        participantIds: [idOf("Dave Gone")],
        body: "hi",
        clientMessageId: randomUUID(),
      }),
      "unknown_participant",
    );
    await expectDomainError(
      startInternalConversation(db(), {
        actor: alice,
        participantIds: [idOf("Bob Builder"), idOf("Dave Gone")],
        body: "hi",
        clientMessageId: randomUUID(),
      }),
      "unknown_participant",
    );
    const other = await startConversation("Alice Admin", ["Bob Builder"]);
    await expectDomainError(
      addParticipants(db(), {
        actor: alice,
        conversationId: other.conversationId,
        userIds: [idOf("Dave Gone")],
      }),
      "unknown_participant",
    );
    const daveRows = await db()
      .select()
      .from(participants)
      .where(eq(participants.conversationId, other.conversationId));
    expect(daveRows.map((p) => p.userId)).not.toContain(idOf("Dave Gone"));

    // The conversation he was in still works for the people left in it.
    const reply = await postMessage(db(), {
      actor: alice,
      conversationId,
      body: "Still here",
      clientMessageId: randomUUID(),
    });
    expect(await bodyOf(reply.messageId)).toBe("Still here");
  });
});

describe("crafted input gets a typed answer, never a server error", () => {
  it("treats a read position past any 32-bit number as 'the newest message'", async () => {
    const { conversationId } = await startConversation("Alice Admin", ["Bob Builder"]);
    const bob = actor("Bob Builder");
    // markReadAction accepts any non-negative integer, so these reach markRead from a crafted request.
    for (const seq of [2 ** 31, Number.MAX_SAFE_INTEGER]) {
      const result = await expectNoServerError(markRead(db(), { viewer: bob, conversationId, seq }));
      if (!(result instanceof DomainError)) expect(result).toEqual({ lastReadSeq: 1 });
    }
  });

  it("treats a hand-made cursor with a date Postgres cannot store as the first page", async () => {
    const bob = actor("Bob Builder");
    const first = await listConversations(db(), { actor: bob, view: "inbox", limit: 5 });
    const cursor = Buffer.from(JSON.stringify({ t: "0000-01-01T00:00:00.000Z", id: randomUUID() })).toString(
      "base64url",
    );
    const page = await expectNoServerError(
      listConversations(db(), { actor: bob, view: "inbox", cursor, limit: 5 }),
    );
    if (!(page instanceof DomainError))
      expect(page.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
  });

  it("searches people for a NUL character without a server error", async () => {
    const result = await expectNoServerError(
      searchTeamMembers(db(), { actor: actor("Alice Admin"), query: "Bob\u0000" }),
    );
    // The NUL is dropped, so this is a search for "Bob".
    if (!(result instanceof DomainError))
      expect(result.map((person) => person.name)).toEqual(["Bob Builder"]);
  });

  it("refuses a client message id holding a NUL character at the action's schema", async () => {
    // Unchecked, it reaches Postgres in findRetriedSend and the send fails with "internal".
    expect(clientMessageIdSchema.safeParse("abcd\u0000efgh").success).toBe(false);
  });

  it("takes % and _ in a people search literally, not as wildcards", async () => {
    const alice = actor("Alice Admin");
    expect(await searchTeamMembers(db(), { actor: alice, query: "%", limit: 100 })).toEqual([]);
    expect(await searchTeamMembers(db(), { actor: alice, query: "_", limit: 100 })).toEqual([]);
  });
});

describe("the participant limit", () => {
  it(`never lets a new conversation hold more than ${MAX_PARTICIPANTS} people`, async () => {
    const others = crowd.slice(0, MAX_PARTICIPANTS).map(idOf);
    const result = await rejection(
      startInternalConversation(db(), {
        actor: actor("Alice Admin"),
        participantIds: others,
        body: "All hands",
        clientMessageId: randomUUID(),
      }),
    );
    if (result instanceof DomainError) {
      expect(result.code).toBe("too_many_participants");
      return;
    }
    // It was accepted; then the conversation must still be within the limit.
    const [created] = await db()
      .select({ id: conversations.id })
      .from(conversations)
      .innerJoin(messages, eq(messages.conversationId, conversations.id))
      .where(eq(messages.body, "All hands"));
    const people = await db().$count(participants, eq(participants.conversationId, created?.id ?? ""));
    expect(people).toBeLessThanOrEqual(MAX_PARTICIPANTS);
  });

  it(`never lets adds that race push a conversation past ${MAX_PARTICIPANTS} people`, async () => {
    // 2 people at first; adds of 26 and 25 each fit alone (28 and 27), but not together (53).
    const [first, second] = [crowd.slice(0, 26).map(idOf), crowd.slice(26, 51).map(idOf)];
    // On a real Postgres the two transactions overlap often enough that 20 tries catch it; PGlite runs them one by one.
    for (let attempt = 0; attempt < 20; attempt++) {
      // A minute apart, as a person would start them: the race is between the adds.
      const { conversationId } = await startInternalConversation(db(), {
        actor: actor("Alice Admin"),
        participantIds: [idOf("Bob Builder")],
        body: "Race",
        clientMessageId: randomUUID(),
        now: new Date(Date.UTC(2026, 0, 1, 0, attempt)),
      });
      await Promise.allSettled([
        addParticipants(db(), { actor: actor("Alice Admin"), conversationId, userIds: first }),
        addParticipants(db(), { actor: actor("Bob Builder"), conversationId, userIds: second }),
      ]);
      const people = await db().$count(participants, eq(participants.conversationId, conversationId));
      expect(people).toBeLessThanOrEqual(MAX_PARTICIPANTS);
    }
  });
});

/** The stored text of a message. */
async function bodyOf(messageId: string | undefined) {
  const [row] = await db()
    .select({ body: messages.body })
    .from(messages)
    .where(eq(messages.id, messageId ?? ""));
  return row?.body;
}
