import { randomUUID } from "node:crypto";
import Pusher from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationChannel, userChannel } from "./channels";
import type { RealtimeEvent } from "./events";
import { pusherClient, pusherDriver } from "./pusher-driver";
import { newSoketiApp, type Soketi, startSoketi } from "./start-soketi";

/**
 * The Pusher driver against a real Pusher-protocol server (Soketi), with pusher-js as the
 * browser uses it: what the server SDK publishes reaches a subscriber of the private channel, and
 * ending a session drops the connection signed in as it. The fake (fake-pusher.ts) stays for what
 * Soketi cannot do on demand: answer 500 or 503.
 */
let soketi: Soketi;
beforeAll(async () => {
  soketi = await startSoketi();
}, 30_000);
afterAll(() => soketi?.stop());

/** A pusher-js client of the app's, signed by the app's own code (as /api/realtime/auth and user-auth do). */
function connect({ secret, server = soketi }: { secret?: string; server?: Soketi } = {}) {
  const signer = pusherClient({ ...server.config, secret: secret ?? server.config.secret });
  const client = new Pusher(server.config.key, {
    cluster: "mt1",
    wsHost: server.config.host,
    wsPort: server.config.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    channelAuthorization: {
      endpoint: "",
      transport: "ajax",
      customHandler: ({ socketId, channelName }, callback) =>
        callback(null, signer.authorizeChannel(socketId, channelName)),
    },
    userAuthentication: {
      endpoint: "",
      transport: "ajax",
      customHandler: ({ socketId }, callback) =>
        callback(null, signer.authenticateUser(socketId, { id: sessionOf.get(client) ?? "" })),
    },
  });
  return client;
}
/** Whom each client signs in as: its session id. */
const sessionOf = new WeakMap<Pusher, string>();

/** Signs a client in as a session, as the app's pages do, so that ending it can drop the connection. */
async function signIn(pusher: Pusher, sessionId: string) {
  sessionOf.set(pusher, sessionId);
  const signedIn = new Promise<void>((resolve) => pusher.bind("pusher:signin_success", () => resolve()));
  pusher.signin();
  await signedIn;
  // Wrapped: an async function's returned promise would be awaited along with it.
  const dropped = new Promise<void>((resolve) =>
    pusher.connection.bind("state_change", ({ current }: { current: string }) => {
      if (current !== "connected") resolve();
    }),
  );
  return { dropped };
}

function subscribed(pusher: Pusher, channel: string) {
  return new Promise<{ received: { name: string; data: unknown }[] }>((resolve, reject) => {
    const received: { name: string; data: unknown }[] = [];
    const subscription = pusher.subscribe(channel);
    subscription.bind_global((name: string, data: unknown) => {
      if (!name.startsWith("pusher:")) received.push({ name, data });
    });
    subscription.bind("pusher:subscription_succeeded", () => resolve({ received }));
    subscription.bind("pusher:subscription_error", (error: unknown) => reject(error));
  });
}

describe("the Pusher driver against Soketi", () => {
  it("delivers each event, in order, to a subscriber of the private channel", async () => {
    const client = connect();
    const channel = conversationChannel(randomUUID());
    const { received } = await subscribed(client, channel);
    const events: RealtimeEvent[] = Array.from({ length: 12 }, (_, i) => ({
      channel,
      name: "conversation.read",
      data: { conversationId: randomUUID(), lastReadSeq: i + 1, unreadCount: 0, note: `Grüße №${i} — 👋` },
    })) as RealtimeEvent[];

    await pusherDriver(soketi.config).publish(events);

    await expect.poll(() => received.length).toBe(12);
    expect(received).toEqual(events.map(({ name, data }) => ({ name, data })));
    client.disconnect();
  });

  it("is refused when the app signs with the wrong secret: no publish, no subscription", async () => {
    const channel = userChannel(randomUUID());
    await expect(
      pusherDriver({ ...soketi.config, secret: "not-the-secret" }).publish([
        {
          channel,
          name: "conversation.read",
          data: { conversationId: randomUUID(), lastReadSeq: 1, unreadCount: 0 },
        },
      ]),
    ).rejects.toMatchObject({ status: 401 });
    const forged = connect({ secret: "not-the-secret" });
    await expect(subscribed(forged, channel)).rejects.toBeDefined();
    forged.disconnect();
  });

  it("drops the connections signed in as a session that ends", async () => {
    const sessionId = randomUUID();
    const client = connect();
    const { dropped } = await signIn(client, sessionId);

    await pusherDriver(soketi.config).endSessions([sessionId]);

    await dropped;
    client.disconnect();
  });
});

describe("a Soketi cluster: two nodes joined by Redis", () => {
  let nodes: Soketi[] = [];
  beforeAll(async () => {
    const app = newSoketiApp();
    const redisPrefix = `helpdesk-test-${randomUUID()}`;
    nodes = [await startSoketi({ app, redisPrefix }), await startSoketi({ app, redisPrefix })];
  }, 40_000);
  afterAll(() => Promise.all(nodes.map((node) => node.stop())));

  it("delivers what is published through one node to a client connected to the other", async () => {
    const [publishedTo, connectedTo] = nodes as [Soketi, Soketi];
    const client = connect({ server: connectedTo });
    const channel = conversationChannel(randomUUID());
    const { received } = await subscribed(client, channel);
    const event = {
      channel,
      name: "conversation.read",
      data: { conversationId: randomUUID(), lastReadSeq: 3, unreadCount: 0 },
    } as RealtimeEvent;

    await pusherDriver(publishedTo.config).publish([event]);

    await expect.poll(() => received).toEqual([{ name: event.name, data: event.data }]);
    client.disconnect();
  });

  it("drops a session's connection on the other node when the session ends", async () => {
    const [endedThrough, connectedTo] = nodes as [Soketi, Soketi];
    const client = connect({ server: connectedTo });
    const sessionId = randomUUID();
    const { dropped } = await signIn(client, sessionId);

    await pusherDriver(endedThrough.config).endSessions([sessionId]);

    await dropped;
    client.disconnect();
  });
});
