import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { customers, deliveries, emailOutbox, items, messages, participants } from "@/db/schema";
import {
  createTestDb,
  createWorkspace,
  type FakeResendWithDriver,
  type SeededCustomer,
  startFakeResendWithDriver,
  startTestCustomerConversation,
  type TestWorkspace,
} from "@/db/testing";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { startSession } from "@/lib/auth/sessions";
import { postMessage } from "@/lib/conversations/post-message";
import { markRead } from "@/lib/conversations/read-state";
import { DomainError } from "@/lib/domain-error";
import { createItem } from "@/lib/items/create-item";
import { batchDueDeliveries, runEmailSweep } from "@/lib/notifications/email-sweep";
import { mergeCustomers } from "./merge-customers";

const links = { appUrl: "http://app.test", secret: "merge-test-secret-of-at-least-32-characters" };
let connection: Connection;
let fake: FakeResendWithDriver;
let acme: TestWorkspace;
let globex: TestWorkspace;
let alice: TeamActor;
let bob: TeamActor;
const db = () => connection.db;
const sweep = () => runEmailSweep(db(), { driver: fake.driver, ...links });

beforeAll(async () => {
  fake = await startFakeResendWithDriver();
  connection = await createTestDb();
  acme = await createWorkspace(connection, { slug: "acme", team: ["Alice Admin", "Bob Builder"] });
  globex = await createWorkspace(connection, { slug: "globex", team: ["Olga Other"] });
  [alice, bob] = [acme.member("Alice Admin"), acme.member("Bob Builder")];
});
afterAll(async () => {
  await fake?.close();
  await connection?.close();
});

/** The same person as two customers of Acme: `kept` at home, `merged` at work. */
async function twoDanas() {
  const run = randomUUID().slice(0, 8);
  const rows = await db()
    .insert(customers)
    .values([
      { workspaceId: acme.workspace.id, name: "Dana Diaz", email: `dana-${run}@home.test` },
      { workspaceId: acme.workspace.id, name: "Dana D.", email: `dana-${run}@work.test` },
    ])
    .returning();
  const actor = (row: (typeof rows)[number]): SeededCustomer => ({
    kind: "customer",
    customerId: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    email: row.email ?? "",
  });
  const [kept, merged] = rows.map(actor) as [SeededCustomer, SeededCustomer];
  return { kept, merged };
}

const thread = async (customerIds: string[]) =>
  (await startTestCustomerConversation(db(), { from: alice, customers: customerIds })).conversationId;

const say = (actor: TeamActor | CustomerActor, conversationId: string, body: string) =>
  postMessage(db(), { actor, conversationId, body, clientMessageId: randomUUID() });

const customerRowsIn = (conversationId: string) =>
  db()
    .select({ customerId: participants.customerId, lastReadSeq: participants.lastReadSeq })
    .from(participants)
    .where(eq(participants.conversationId, conversationId))
    .then((rows) => rows.filter((row) => row.customerId !== null));

const merge = (kept: CustomerActor, merged: CustomerActor, actor = alice) =>
  mergeCustomers(db(), { actor, keepCustomerId: kept.customerId, mergeCustomerId: merged.customerId });

describe("merging two customers", () => {
  it("moves threads, tickets, messages and pending deliveries to the kept one, who is in each thread once with the further read position", async () => {
    const { kept, merged } = await twoDanas();
    const keptsOwn = await thread([kept.customerId]);
    const mergedsOwn = await thread([merged.customerId]);
    const shared = await thread([kept.customerId, merged.customerId]);
    // At work, Dana read and answered the shared thread; at home she never opened it.
    await say(merged, shared, "Answered from work");
    await say(alice, shared, "Thanks, noted");
    const answer = await say(merged, mergedsOwn, "From work");
    await say(alice, mergedsOwn, "Reply to work");
    const ticket = await createItem(db(), {
      actor: alice,
      kind: "ticket",
      title: "Dana's refund",
      requesterCustomerId: merged.customerId,
    });
    const pendingBefore = await db()
      .select({ messageId: deliveries.messageId })
      .from(deliveries)
      .where(and(eq(deliveries.recipientCustomerId, merged.customerId), eq(deliveries.status, "pending")));
    expect(pendingBefore.length).toBeGreaterThan(0);

    const result = await merge(kept, merged);
    expect(result).toMatchObject({ id: kept.customerId, name: "Dana Diaz", email: kept.email });

    expect(await db().select().from(customers).where(eq(customers.id, merged.customerId))).toEqual([]);
    expect(await customerRowsIn(keptsOwn)).toEqual([{ customerId: kept.customerId, lastReadSeq: 0 }]);
    expect((await customerRowsIn(mergedsOwn)).map((row) => row.customerId)).toEqual([kept.customerId]);
    // Read up to her own answer (seq 2) at work; Alice's reply came after.
    expect(await customerRowsIn(shared)).toEqual([{ customerId: kept.customerId, lastReadSeq: 2 }]);
    const [moved] = await db().select().from(messages).where(eq(messages.id, answer.messageId));
    expect(moved?.authorCustomerId).toBe(kept.customerId);
    const [item] = await db().select().from(items).where(eq(items.id, ticket.id));
    expect(item?.requesterCustomerId).toBe(kept.customerId);
    const pendingAfter = await db()
      .select({ messageId: deliveries.messageId, to: deliveries.recipientCustomerId })
      .from(deliveries)
      .where(
        and(
          inArray(
            deliveries.messageId,
            pendingBefore.map((row) => row.messageId),
          ),
          eq(deliveries.status, "pending"),
        ),
      );
    // Each is the kept customer's now, once, even where both had one for the same message.
    expect(pendingAfter.every((row) => row.to === kept.customerId)).toBe(true);
    expect(new Set(pendingAfter.map((row) => row.messageId)).size).toBe(pendingAfter.length);
    expect(pendingAfter.length).toBe(new Set(pendingBefore.map((row) => row.messageId)).size);

    // The kept customer reads and writes in every thread that was the other's.
    await say(kept, mergedsOwn, "From home now");
    await markRead(db(), { viewer: kept, conversationId: shared, seq: 4 });
  });

  it("cancels an email written to the merged-away address and not yet sent: the kept address gets it, once", async () => {
    const { kept, merged } = await twoDanas();
    const conversationId = await thread([merged.customerId]);
    const marker = `Unsent ${randomUUID()}`;
    await say(alice, conversationId, marker);
    await batchDueDeliveries(db(), new Date(), links);
    const [written] = await db()
      .select({ status: emailOutbox.status })
      .from(emailOutbox)
      .where(eq(emailOutbox.to, merged.email));
    expect(written?.status).toBe("pending");

    await merge(kept, merged);
    fake.reset();
    await sweep();
    await sweep();
    const quoting = fake.accepted.filter((email) => email.text.includes(marker));
    expect(quoting.map((email) => email.to)).toEqual([[kept.email]]);
    const [cancelled] = await db()
      .select({ status: emailOutbox.status })
      .from(emailOutbox)
      .where(eq(emailOutbox.to, merged.email));
    expect(cancelled?.status).toBe("cancelled");
  });

  it("signs the merged-away customer out: their next send is refused", async () => {
    const { kept, merged } = await twoDanas();
    const conversationId = await thread([merged.customerId]);
    await startSession(db(), {
      workspaceId: acme.workspace.id,
      person: { customerId: merged.customerId },
      seconds: 3600,
    });
    await merge(kept, merged);
    await expect(say(merged, conversationId, "Still me?")).rejects.toBeInstanceOf(DomainError);
  });

  it("is for admins of the customers' own workspace, and refuses a customer merged into themselves", async () => {
    const { kept, merged } = await twoDanas();
    await expect(merge(kept, merged, bob)).rejects.toMatchObject({ code: "forbidden" });
    await expect(merge(kept, merged, globex.member("Olga Other"))).rejects.toMatchObject({
      code: "customer_not_found",
    });
    await expect(merge(kept, kept)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(
      mergeCustomers(db(), { actor: alice, keepCustomerId: kept.customerId, mergeCustomerId: "nope" }),
    ).rejects.toMatchObject({ code: "customer_not_found" });
    // Nothing happened: both are still there.
    const left = await db()
      .select({ id: customers.id })
      .from(customers)
      .where(inArray(customers.id, [kept.customerId, merged.customerId]));
    expect(left).toHaveLength(2);
  });

  it("merging under concurrent sends loses nothing", async () => {
    const { kept, merged } = await twoDanas();
    const keptsOwn = await thread([kept.customerId]);
    const mergedsOwn = await thread([merged.customerId]);
    const shared = await thread([kept.customerId, merged.customerId]);
    fake.reset();

    // Sends by and to both Danas in all three threads, with the sweep running, while the merge runs.
    type Send = { author: string; conversationId: string; body: string };
    const sends: Send[] = [];
    const attempts: Promise<{ send: Send; messageId: string | null; refusal?: unknown }>[] = [];
    const send = (actor: TeamActor | CustomerActor, conversationId: string, author: string) => {
      const body = `${author} ${sends.length} ${randomUUID().slice(0, 6)}`;
      const entry = { author, conversationId, body };
      sends.push(entry);
      attempts.push(
        say(actor, conversationId, body).then(
          (posted) => ({ send: entry, messageId: posted.messageId }),
          (refusal: unknown) => ({ send: entry, messageId: null, refusal }),
        ),
      );
    };
    let merging: Promise<unknown> = Promise.resolve();
    const sweeping = [sweep()];
    for (let round = 0; round < 8; round++) {
      send(kept, keptsOwn, "kept");
      send(kept, shared, "kept");
      send(merged, mergedsOwn, "merged");
      send(merged, shared, "merged");
      send(alice, mergedsOwn, "alice");
      send(bob, shared, "bob");
      send(alice, keptsOwn, "alice");
      if (round === 3) merging = merge(kept, merged);
      if (round === 5) sweeping.push(sweep());
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await merging;
    const outcomes = await Promise.all(attempts);
    await Promise.all(sweeping);
    await sweep();

    // Every send but the merged-away customer's after the merge was stored; theirs were refused, not lost.
    for (const outcome of outcomes) {
      if (outcome.messageId) continue;
      expect(outcome.send.author, `${outcome.send.body} was refused: ${outcome.refusal}`).toBe("merged");
      expect(outcome.refusal, String((outcome.refusal as { cause?: unknown }).cause)).toBeInstanceOf(
        DomainError,
      );
    }
    const stored = outcomes.filter((outcome) => outcome.messageId);
    const rows = await db()
      .select({
        id: messages.id,
        body: messages.body,
        seq: messages.seq,
        conversationId: messages.conversationId,
        authorCustomerId: messages.authorCustomerId,
      })
      .from(messages)
      .where(
        inArray(
          messages.id,
          stored.map((outcome) => outcome.messageId as string),
        ),
      );
    expect(rows).toHaveLength(stored.length);
    for (const row of rows.filter((row) => row.body.startsWith("kept") || row.body.startsWith("merged")))
      expect(row.authorCustomerId).toBe(kept.customerId);

    // Each thread has the kept customer once, and nobody points at the merged-away one.
    for (const conversationId of [keptsOwn, mergedsOwn, shared])
      expect((await customerRowsIn(conversationId)).map((row) => row.customerId)).toEqual([kept.customerId]);
    const [left] = await db().select().from(customers).where(eq(customers.id, merged.customerId));
    expect(left).toBeUndefined();
    const waiting = await db()
      .select({ to: deliveries.recipientCustomerId })
      .from(deliveries)
      .where(
        and(
          inArray(deliveries.conversationId, [keptsOwn, mergedsOwn, shared]),
          inArray(deliveries.status, ["pending", "queued"]),
          isNotNull(deliveries.recipientCustomerId),
        ),
      );
    // Dana's are due at once (she is not on the chat page): the sweeps left none waiting.
    expect(waiting).toEqual([]);

    // No team message reached either address twice, and each one Dana has still not seen reached her.
    const emailed = fake.accepted.filter((email) =>
      email.to.some((to) => to === kept.email || to === merged.email),
    );
    const readUpTo = new Map(
      await Promise.all(
        [keptsOwn, mergedsOwn, shared].map(
          async (id) => [id, (await customerRowsIn(id))[0]?.lastReadSeq ?? 0] as const,
        ),
      ),
    );
    for (const row of rows.filter((row) => !row.authorCustomerId)) {
      for (const address of [kept.email, merged.email]) {
        const times = emailed.filter((email) => email.to.includes(address) && email.text.includes(row.body));
        expect(times.length, `${row.body} to ${address}`).toBeLessThanOrEqual(1);
      }
      if (row.seq > (readUpTo.get(row.conversationId) ?? 0))
        expect(
          emailed.some((email) => email.text.includes(row.body)),
          `${row.body} was emailed`,
        ).toBe(true);
    }
  });
});
