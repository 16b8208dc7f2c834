import { randomUUID } from "node:crypto";
import Pusher from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationChannel, userChannel } from "./channels";
import type { RealtimeEvent } from "./events";
import { pusherClient, pusherDriver } from "./pusher-driver";
import { type Soketi, startSoketi } from "./start-soketi";

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
function connect(secret = soketi.config.secret) {
  const signer = pusherClient({ ...soketi.config, secret });
  return new Pusher(soketi.config.key, {
    cluster: "mt1",
    wsHost: soketi.config.host,
    wsPort: soketi.config.port,
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
}
/** Whom each client signs in as: its session id. */
const sessionOf = new WeakMap<Pusher, string>();
let client: Pusher;

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
    client = connect();
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
    const forged = connect("not-the-secret");
    await expect(subscribed(forged, channel)).rejects.toBeDefined();
    forged.disconnect();
  });

  it("drops the connections signed in as a session that ends", async () => {
    const sessionId = randomUUID();
    client = connect();
    sessionOf.set(client, sessionId);
    const signedIn = new Promise<void>((resolve) => client.bind("pusher:signin_success", () => resolve()));
    client.signin();
    await signedIn;
    const dropped = new Promise<void>((resolve) =>
      client.connection.bind("state_change", ({ current }: { current: string }) => {
        if (current !== "connected") resolve();
      }),
    );

    await pusherDriver(soketi.config).endSessions([sessionId]);

    await dropped;
    client.disconnect();
  });
});
