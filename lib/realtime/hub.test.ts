import { randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Connection, openPglite } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { conversationChannel, userChannel } from "./channels";
import type { RealtimeEvent } from "./events";
import { type Hub, pgliteSource, postgresSource, startHub } from "./hub";
import { NOTIFY_CHANNEL, notifyDriver } from "./notify";

const serverUrl = process.env.DATABASE_URL;

const readEvent = (channel: string, lastReadSeq: number): RealtimeEvent => ({
  channel,
  name: "conversation.read",
  data: { conversationId: randomUUID(), lastReadSeq, unreadCount: 0 },
});

/** A subscriber that keeps what it is told. */
function listen(hub: Hub, channels: string[]) {
  const received: RealtimeEvent[] = [];
  const resyncs = { count: 0 };
  const unsubscribe = hub.subscribe(
    channels,
    (event) => received.push(event),
    () => resyncs.count++,
  );
  return { received, resyncs, unsubscribe };
}

/** Polls until the assertion holds (NOTIFY arrives asynchronously), for up to ~10 s. */
const eventually = (assertion: () => void) => vi.waitFor(assertion, { timeout: 10_000, interval: 25 });

/**
 * The same behaviour whichever database the hub listens on: PGlite's in-process LISTEN always,
 * and a real Postgres server's when DATABASE_URL names one.
 */
const sources: {
  name: string;
  open: () => Promise<{ connection: Connection; hub: Hub; stop: () => Promise<void> }>;
}[] = [
  {
    name: "PGlite",
    open: async () => {
      const connection = await openPglite();
      if (!connection.pglite) throw new Error("openPglite gave no PGlite");
      return { connection, ...(await startHub(pgliteSource(connection.pglite))) };
    },
  },
];
if (serverUrl) {
  sources.push({
    name: "Postgres",
    open: async () => {
      const connection = await createTestDb();
      return { connection, ...(await startHub(postgresSource(await urlOf(connection)))) };
    },
  });
}

/** Rows of a raw query: both drivers answer with `{ rows }`, which Db's generic type does not say. */
async function rows<T>(connection: Connection, query: SQL): Promise<T[]> {
  return ((await connection.db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** The URL of the database createTestDb made: the server's URL with its own database name. */
async function urlOf(connection: Connection) {
  if (!serverUrl) throw new Error("DATABASE_URL is not set");
  const [row] = await rows<{ name: string }>(connection, sql`select current_database() as name`);
  const url = new URL(serverUrl);
  url.pathname = `/${row?.name}`;
  return url.toString();
}

describe.each(sources)("the hub on $name", ({ open }) => {
  let connection: Connection;
  let hub: Hub;
  let stop: () => Promise<void>;
  let stopped = false;
  beforeAll(async () => {
    ({ connection, hub, stop } = await open());
  });
  afterAll(async () => {
    if (!stopped) await stop();
    await connection.close();
  });
  const publish = (events: RealtimeEvent[]) => notifyDriver(connection.db).publish(events);

  it("delivers a published event to subscribers of its channel only, in order", async () => {
    const conversation = conversationChannel(randomUUID());
    const user = userChannel(randomUUID());
    const onConversation = listen(hub, [conversation]);
    const onBoth = listen(hub, [conversation, user]);
    const onUser = listen(hub, [user]);
    const first = readEvent(conversation, 1);
    const second = readEvent(user, 2);
    const third = readEvent(conversation, 3);

    await publish([first, second, third]);

    await eventually(() => expect(onBoth.received).toEqual([first, second, third]));
    expect(onConversation.received).toEqual([first, third]);
    expect(onUser.received).toEqual([second]);
    for (const s of [onConversation, onBoth, onUser]) s.unsubscribe();
    expect(hub.size).toBe(0);
  });

  it("stops delivering to a subscriber once it unsubscribes", async () => {
    const channel = userChannel(randomUUID());
    const leaving = listen(hub, [channel]);
    const staying = listen(hub, [channel]);
    const before = readEvent(channel, 1);
    await publish([before]);
    await eventually(() => expect(leaving.received).toEqual([before]));

    leaving.unsubscribe();
    const after = readEvent(channel, 2);
    await publish([after]);

    await eventually(() => expect(staying.received).toEqual([before, after]));
    expect(leaving.received).toEqual([before]);
    staying.unsubscribe();
  });

  it("ignores a notification that is not one of ours and keeps going", async () => {
    const channel = userChannel(randomUUID());
    const subscriber = listen(hub, [channel]);
    await connection.db.execute(sql`select pg_notify(${NOTIFY_CHANNEL}, 'not json')`);
    await connection.db.execute(sql`select pg_notify(${NOTIFY_CHANNEL}, ${JSON.stringify({ channel })})`);
    const event = readEvent(channel, 1);

    await publish([event]);

    await eventually(() => expect(subscriber.received).toEqual([event]));
    subscriber.unsubscribe();
  });

  it("delivers a payload just under the limit, and refuses a larger one with an error", async () => {
    const channel = conversationChannel(randomUUID());
    const subscriber = listen(hub, [channel]);
    const withPreview = (preview: string): RealtimeEvent => ({
      channel,
      name: "message.new",
      data: {
        conversationId: randomUUID(),
        messageId: randomUUID(),
        seq: 1,
        authorId: null,
        authorName: null,
        preview,
        system: true,
      },
    });
    const overhead = Buffer.byteLength(JSON.stringify(withPreview("")));
    const largest = withPreview("x".repeat(7_900 - overhead));
    expect(Buffer.byteLength(JSON.stringify(largest))).toBe(7_900);
    // Fewer than 7,900 characters, but three bytes each: the limit is in bytes, as Postgres's is.
    const tooLarge = withPreview("€".repeat(3_000));
    expect(JSON.stringify(tooLarge).length).toBeLessThan(7_900);

    await publish([largest]);
    await expect(publish([tooLarge])).rejects.toThrow(/over 7900 bytes/);
    await expect(publish([readEvent(channel, 9), tooLarge])).rejects.toThrow(/over 7900 bytes/);
    const sentinel = readEvent(channel, 10);
    await publish([sentinel]);

    // The refused batches sent nothing at all, not even their small events.
    await eventually(() => expect(subscriber.received).toEqual([largest, sentinel]));
    subscriber.unsubscribe();
  });

  it("delivers nothing after it is stopped", async () => {
    const channel = userChannel(randomUUID());
    const subscriber = listen(hub, [channel]);
    await stop();
    stopped = true;

    await publish([readEvent(channel, 1)]);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(subscriber.received).toEqual([]);
    subscriber.unsubscribe();
  });
});

describe.runIf(Boolean(serverUrl))("hubs on a Postgres server", () => {
  let connection: Connection;
  let url: string;
  const hubs: { hub: Hub; stop: () => Promise<void> }[] = [];
  beforeAll(async () => {
    connection = await createTestDb();
    url = await urlOf(connection);
    // Two app instances, each with its own LISTEN connection.
    hubs.push(await startHub(postgresSource(url)), await startHub(postgresSource(url)));
  });
  afterAll(async () => {
    await Promise.all(hubs.map(({ stop }) => stop()));
    await connection?.close();
  });
  const publish = (events: RealtimeEvent[]) => notifyDriver(connection.db).publish(events);
  const database = () => new URL(url).pathname.slice(1);
  const listeners = async () => {
    const found = await rows<{ pid: number }>(
      connection,
      sql`select pid from pg_stat_activity where datname = ${database()} and query ilike 'listen%'`,
    );
    return found.map((row) => row.pid);
  };

  it("delivers every event to every instance", async () => {
    const channel = conversationChannel(randomUUID());
    const [a, b] = hubs.map(({ hub }) => listen(hub, [channel]));
    const events = [readEvent(channel, 1), readEvent(channel, 2), readEvent(channel, 3)];

    await publish(events);

    await eventually(() => {
      expect(a?.received).toEqual(events);
      expect(b?.received).toEqual(events);
    });
    a?.unsubscribe();
    b?.unsubscribe();
  });

  it("reconnects when its LISTEN connection is killed, tells subscribers to resync, and delivers again", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const channel = userChannel(randomUUID());
    const [a, b] = hubs.map(({ hub }) => listen(hub, [channel]));
    const before = await listeners();
    expect(before).toHaveLength(2);

    const killed = await rows<{ killed: boolean }>(
      connection,
      sql`select pg_terminate_backend(pid) as killed from pg_stat_activity
          where datname = ${database()} and query ilike 'listen%'`,
    );
    expect(killed.map((row) => row.killed)).toEqual([true, true]);

    await eventually(() => {
      expect(a?.resyncs.count).toBe(1);
      expect(b?.resyncs.count).toBe(1);
    });
    // Resync comes once LISTEN is back: an event published right after it must arrive.
    const event = readEvent(channel, 1);
    await publish([event]);
    await eventually(() => {
      expect(a?.received).toEqual([event]);
      expect(b?.received).toEqual([event]);
    });
    const after = await listeners();
    expect(after).toHaveLength(2);
    expect(after.filter((pid) => before.includes(pid))).toEqual([]);
    a?.unsubscribe();
    b?.unsubscribe();
    errors.mockRestore();
  });

  it("closes its LISTEN connection when stopped", async () => {
    const { stop } = await startHub(postgresSource(url));
    await eventually(async () => expect(await listeners()).toHaveLength(3));

    await stop();

    await eventually(async () => expect(await listeners()).toHaveLength(2));
  });
});
