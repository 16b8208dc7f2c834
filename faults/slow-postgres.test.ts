/**
 * Fault: Postgres is slow, then silent. The app's connection to a fresh database goes through a
 * TCP proxy (faults/latency-proxy.ts) that adds latency to every chunk each way, or holds every
 * byte as a hung server would. Sends must still work when slow, and a client's retries of a send
 * must store it once. A hung database must answer a send within the configured timeouts, with
 * database_unavailable and words that say to try again; the retry must then store the message
 * once, whether or not the lost attempt committed it; and the same pool must serve again.
 */
import { randomUUID } from "node:crypto";
import { and, count, eq, gt, isNotNull, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ANSWER_MARGIN_MS, type Connection, openPostgres } from "@/db/client";
import { messages } from "@/db/schema";
import { createTestDb, createWorkspace } from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { postMessage } from "@/lib/conversations/post-message";
import { startInternalConversation } from "@/lib/conversations/start-conversation";
import { runAction } from "@/lib/server-action";
import { recordFigures } from "./figures";
import { type LatencyProxy, startLatencyProxy } from "./latency-proxy";

// runAction (the wrapper every action uses) sits beside the session wrappers, which load Auth.js
// and Next's cookies; this file calls runAction alone.
vi.mock("@/lib/auth/session", () => ({}));
vi.mock("@/lib/chat/session-cookie", () => ({}));

const LATENCY_MS = 200;
const SLOW_SENDS = 8;
/** A client that gave up waiting and sent again, this often, while its first attempt was still on its way. */
const RETRIES = 4;
const RETRY_EVERY_MS = 500;
const POOL_SIZE = 4;
/**
 * Shorter than the defaults, so the stall costs seconds, yet long enough for a send at 200 ms
 * each way: it holds the thread's row lock for several round trips, and a retry waits on it.
 */
const TIMEOUTS = { connectMs: 2_000, statementMs: 4_000 };
/** The longest a send may take against a hung database: wait for a connection, then for an answer. */
const UNANSWERED_WITHIN_MS = TIMEOUTS.connectMs + TIMEOUTS.statementMs + ANSWER_MARGIN_MS;
/** The event loop's own delays on top (timers fire late under load). */
const SLACK_MS = 1_000;

const UNANSWERED_SEND = {
  ok: false,
  error: "database_unavailable",
  message: "The database is not answering. Your message was not lost: try again in a moment.",
};

let direct: (Connection & { url?: string }) | undefined;
let slow: Connection | undefined;
let proxy: LatencyProxy | undefined;
let alice: TeamActor;
let conversationId: string;

beforeAll(async () => {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl)
    throw new Error("faults/slow-postgres.test.ts needs a Postgres server: set DATABASE_URL (see README)");
  // Every send here is Alice's: the per-person limit would refuse the later ones.
  vi.stubEnv("MESSAGES_PER_MINUTE", "100000");
  direct = await createTestDb();
  const acme = await createWorkspace(direct, { slug: "acme", team: ["Alice Admin", "Bob Builder"] });
  alice = acme.member("Alice Admin");
  ({ conversationId } = await startInternalConversation(direct.db, {
    actor: alice,
    participantIds: [acme.idOf("Bob Builder")],
    body: "Hello",
    clientMessageId: randomUUID(),
  }));
  const server = new URL(serverUrl);
  proxy = await startLatencyProxy({ target: { host: server.hostname, port: Number(server.port || 5432) } });
  slow = await openPostgres(proxy.url(direct.url as string), { max: POOL_SIZE, timeouts: TIMEOUTS });
});

// A test that fails midway leaves the next one a database that answers, at full speed.
afterEach(() => {
  proxy?.stall(false);
  proxy?.setLatency(0);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await slow?.close();
  await proxy?.close();
  await direct?.close();
});

const ready = <T>(value: T | undefined): T => {
  if (value === undefined) throw new Error("set up in beforeAll");
  return value;
};

/** Alice's send through the slow connection, answered as a server action answers it; and how long it took. */
async function send(clientMessageId: string) {
  const started = performance.now();
  const result = await runAction(z.object({ clientMessageId: z.string() }), { clientMessageId }, (input) =>
    postMessage(ready(slow).db, {
      actor: alice,
      conversationId,
      body: `Message ${input.clientMessageId}`,
      clientMessageId: input.clientMessageId,
    }),
  );
  return { result, ms: performance.now() - started };
}

/** How many messages the database holds with this client message id, read around the proxy. */
async function stored(clientMessageId: string) {
  const [row] = await ready(direct)
    .db.select({ n: count() })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.clientMessageId, clientMessageId)));
  return row?.n ?? 0;
}

/** Fills the pool with open connections, so a stall meets clients already checked in. */
const warmPool = () =>
  Promise.all(Array.from({ length: POOL_SIZE }, () => ready(slow).db.execute(sql`select pg_sleep(0.2)`)));

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

const figures: Record<string, unknown> = { latencyAddedMsEachWay: LATENCY_MS, timeouts: TIMEOUTS };

describe("a slow Postgres", () => {
  it(`still stores every send with ${LATENCY_MS} ms added each way, and a send retried ${RETRIES} times once`, async () => {
    ready(proxy).setLatency(LATENCY_MS);
    const times: number[] = [];
    for (let n = 0; n < SLOW_SENDS; n++) {
      const id = randomUUID();
      const { result, ms } = await send(id);
      expect(result).toMatchObject({ ok: true });
      expect(await stored(id)).toBe(1);
      times.push(ms);
    }
    // At least one round trip each way per statement: the latency is really there.
    expect(Math.min(...times)).toBeGreaterThan(4 * LATENCY_MS);

    const id = randomUUID();
    const attempts = await Promise.all(
      Array.from({ length: RETRIES }, async (_, n) => {
        await new Promise((resolve) => setTimeout(resolve, n * RETRY_EVERY_MS));
        return (await send(id)).result;
      }),
    );
    const first = attempts[0];
    if (!first?.ok) throw new Error(`the first attempt failed: ${JSON.stringify(first)}`);
    for (const attempt of attempts) expect(attempt).toEqual({ ok: true, data: first.data });
    expect(await stored(id)).toBe(1);

    Object.assign(figures, {
      sendMsP50: Math.round(percentile(times, 50)),
      sendMsP95: Math.round(percentile(times, 95)),
      sends: SLOW_SENDS,
      retriesOfOneSend: RETRIES,
    });
  });
});

describe("a Postgres that stops answering", () => {
  it("answers each send within the timeouts with database_unavailable; the retries store each once", async () => {
    await warmPool();
    ready(proxy).stall(true);
    // One more send than the pool holds: the first ones wait for an answer on a connection they
    // hold, the last one for a connection.
    const ids = Array.from({ length: POOL_SIZE + 1 }, () => randomUUID());
    const failed = await Promise.all(ids.map((id) => send(id)));
    for (const { result, ms } of failed) {
      expect(result).toEqual(UNANSWERED_SEND);
      expect(ms).toBeLessThan(UNANSWERED_WITHIN_MS + SLACK_MS);
    }
    const times = failed.map(({ ms }) => ms);
    // The sends that had a connection waited out their answer (they hold the pool's every
    // connection, the case where connections could leak); the last one waited for a connection.
    const waitedForAnswer = times.filter((ms) => ms >= TIMEOUTS.statementMs + ANSWER_MARGIN_MS - 50);
    expect(waitedForAnswer).toHaveLength(POOL_SIZE);
    expect(Math.min(...times)).toBeGreaterThan(TIMEOUTS.connectMs - 50);
    ready(proxy).stall(false);

    // The client retries each with its id, through the same pool: connections that timed out left
    // it, so it has room (had they stayed, every checkout would now time out).
    for (const id of ids) {
      expect((await send(id)).result).toMatchObject({ ok: true });
      expect(await stored(id)).toBe(1);
    }
    Object.assign(figures, {
      timeoutErrorMsMin: Math.round(Math.min(...times)),
      timeoutErrorMsMax: Math.round(Math.max(...times)),
      timeoutBoundMs: UNANSWERED_WITHIN_MS,
    });
  });

  it("answers a send whose commit went through but whose answer was lost the same way; the retry finds it", async () => {
    const id = randomUUID();
    ready(proxy).stallAfter("commit");
    const { result, ms } = await send(id);
    expect(result).toEqual(UNANSWERED_SEND);
    expect(ms).toBeLessThan(UNANSWERED_WITHIN_MS + SLACK_MS);
    // Read around the proxy, still stalled: the send did commit.
    const [committed] = await ready(direct)
      .db.select({ id: messages.id })
      .from(messages)
      .where(eq(messages.clientMessageId, id));
    expect(committed).toBeDefined();
    ready(proxy).stall(false);

    const retried = await send(id);
    expect(retried.result).toMatchObject({ ok: true, data: { messageId: committed?.id } });
    expect(await stored(id)).toBe(1);
    figures.committedThenUnansweredMs = Math.round(ms);
  });

  it("survives the server ending a send's connection midway, as its idle-in-transaction timeout does", async () => {
    ready(proxy).setLatency(LATENCY_MS);
    const id = randomUUID();
    const sending = send(id);
    // Between two statements of the send, slowed down by the latency.
    await new Promise((resolve) => setTimeout(resolve, 10 * LATENCY_MS));
    const ended = await ready(direct)
      .db.select({ ended: sql<boolean>`pg_terminate_backend(pid)` })
      .from(sql`pg_stat_activity`)
      .where(sql`datname = current_database() and state like 'idle in transaction%'`);
    ready(proxy).setLatency(0);
    expect(ended).toEqual([{ ended: true }]);
    expect((await sending).result).toEqual(UNANSWERED_SEND);
    expect((await send(id)).result).toMatchObject({ ok: true });
    expect(await stored(id)).toBe(1);
  });

  it("serves again from the same pool, every connection of it, and holds no message twice", async () => {
    await warmPool();
    const sends = await Promise.all(Array.from({ length: POOL_SIZE }, () => send(randomUUID())));
    for (const { result } of sends) expect(result).toMatchObject({ ok: true });
    const duplicates = await ready(direct)
      .db.select({ clientMessageId: messages.clientMessageId })
      .from(messages)
      .where(isNotNull(messages.clientMessageId))
      .groupBy(messages.authorUserId, messages.clientMessageId)
      .having(gt(count(), 1));
    expect(duplicates).toEqual([]);
    recordFigures("slow-postgres", { ...figures, duplicates: duplicates.length });
  });
});
