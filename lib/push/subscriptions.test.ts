import { createECDH, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { pushSubscriptions } from "@/db/schema";
import { openTestWorkspaces } from "@/db/testing";
import {
  deviceName,
  forgetPushEndpoint,
  listPushDevices,
  MAX_DEVICES,
  type PushSubscriptionInput,
  removeAllPushDevices,
  removePushDevice,
  savePushSubscription,
} from "./subscriptions";

const { db, member } = openTestWorkspaces([
  { slug: "acme", team: ["Alice Admin", "Bob Builder"] },
  { slug: "globex", team: ["Gus Globex"] },
]);

const ANDROID =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";

/** A browser's public key: a fresh point on P-256. */
const publicKey = () => {
  const ecdh = createECDH("prime256v1");
  return ecdh.generateKeys().toString("base64url");
};

/** A subscription as a browser makes one: its push service's address, and fresh keys. */
const browserSubscription = (): PushSubscriptionInput => ({
  endpoint: `https://fcm.googleapis.com/fcm/send/${randomBytes(12).toString("hex")}`,
  keys: { p256dh: publicKey(), auth: randomBytes(16).toString("base64url") },
});

describe("push subscriptions", () => {
  it("saves a browser's subscription as one of the person's devices, named after the browser", async () => {
    const alice = member("Alice Admin");
    const saved = await savePushSubscription(db(), {
      actor: alice,
      subscription: browserSubscription(),
      device: ANDROID,
    });
    expect(saved.device).toBe("Chrome on Android");
    expect((await listPushDevices(db(), { actor: alice })).map((device) => device.id)).toContain(saved.id);
    expect(
      (await listPushDevices(db(), { actor: member("Bob Builder") })).map((device) => device.id),
    ).not.toContain(saved.id);
  });

  it("moves a browser to whoever signs in to it next, so the one before gets nothing of theirs", async () => {
    const [alice, bob] = [member("Alice Admin"), member("Bob Builder")];
    const subscription = browserSubscription();
    await savePushSubscription(db(), { actor: alice, subscription, device: ANDROID });
    await savePushSubscription(db(), { actor: bob, subscription, device: ANDROID });
    const rows = await db()
      .select({ userId: pushSubscriptions.userId })
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.endpoint, subscription.endpoint));
    expect(rows).toEqual([{ userId: bob.userId }]);
  });

  it("does not move a device to someone who knows its address but not its secret", async () => {
    const [alice, bob] = [member("Alice Admin"), member("Bob Builder")];
    const bobs = browserSubscription();
    await savePushSubscription(db(), { actor: bob, subscription: bobs, device: ANDROID });
    const forged = { endpoint: bobs.endpoint, keys: browserSubscription().keys };
    await expect(
      savePushSubscription(db(), { actor: alice, subscription: forged, device: ANDROID }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    const [row] = await db()
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.endpoint, bobs.endpoint));
    expect(row).toMatchObject({ userId: bob.userId, auth: bobs.keys.auth, p256dh: bobs.keys.p256dh });
  });

  it("forgets a browser only for the one it belongs to: someone else's address changes nothing", async () => {
    const [alice, bob] = [member("Alice Admin"), member("Bob Builder")];
    const bobs = browserSubscription();
    await savePushSubscription(db(), { actor: bob, subscription: bobs, device: ANDROID });
    await forgetPushEndpoint(db(), { actor: alice, endpoint: bobs.endpoint });
    await forgetPushEndpoint(db(), { actor: member("Gus Globex"), endpoint: bobs.endpoint });
    expect((await listPushDevices(db(), { actor: bob })).map((device) => device.endpoint)).toContain(
      bobs.endpoint,
    );
    await forgetPushEndpoint(db(), { actor: bob, endpoint: bobs.endpoint });
    expect((await listPushDevices(db(), { actor: bob })).map((device) => device.endpoint)).not.toContain(
      bobs.endpoint,
    );
  });

  it("forgets every device of a member who signs out everywhere, and only theirs", async () => {
    const [alice, bob] = [member("Alice Admin"), member("Bob Builder")];
    for (const actor of [alice, bob])
      await savePushSubscription(db(), { actor, subscription: browserSubscription(), device: ANDROID });
    await removeAllPushDevices(db(), { userId: alice.userId });
    expect(await listPushDevices(db(), { actor: alice })).toEqual([]);
    expect((await listPushDevices(db(), { actor: bob })).length).toBeGreaterThan(0);
  });

  it(`keeps a person's newest ${MAX_DEVICES} devices`, async () => {
    const gus = member("Gus Globex");
    const saved = [];
    for (let i = 0; i <= MAX_DEVICES; i++)
      saved.push(
        await savePushSubscription(db(), {
          actor: gus,
          subscription: browserSubscription(),
          device: ANDROID,
        }),
      );
    const kept = (await listPushDevices(db(), { actor: gus })).map((device) => device.id);
    expect(kept).toHaveLength(MAX_DEVICES);
    expect(kept).not.toContain(saved[0]?.id);
    expect(kept).toContain(saved.at(-1)?.id);
  });

  it.each([
    ["an http address", { endpoint: "http://fcm.googleapis.com/fcm/send/x" }],
    // Not a push service: the server must not be made to call an address of the sender's choosing.
    ["an address on the server's own network", { endpoint: "https://10.0.0.5/admin" }],
    ["a look-alike host", { endpoint: "https://fcm.googleapis.com.evil.test/x" }],
    ["a host that only ends like one", { endpoint: "https://evilnotify.windows.com/x" }],
    ["not an address", { endpoint: "javascript:alert(1)" }],
    [
      "a short key",
      {
        keys: { p256dh: randomBytes(10).toString("base64url"), auth: randomBytes(16).toString("base64url") },
      },
    ],
    [
      "a key that is no point on the curve",
      {
        keys: {
          p256dh: Buffer.alloc(65, 4).toString("base64url"),
          auth: randomBytes(16).toString("base64url"),
        },
      },
    ],
    [
      "a short secret",
      {
        keys: {
          p256dh: publicKey(),
          auth: "abc",
        },
      },
    ],
  ])("refuses %s, and saves nothing", async (_, change) => {
    const alice = member("Alice Admin");
    const before = await db().$count(pushSubscriptions);
    await expect(
      savePushSubscription(db(), {
        actor: alice,
        subscription: { ...browserSubscription(), ...change },
        device: ANDROID,
      }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    expect(await db().$count(pushSubscriptions)).toBe(before);
  });

  it.each([
    "https://fcm.googleapis.com/fcm/send/abc",
    "https://updates.push.services.mozilla.com/wpush/v2/abc",
    "https://web.push.apple.com/QGuQyavXutnMH",
    "https://wns2-par02p.notify.windows.com/w/?token=abc",
  ])("takes a subscription at a browser's push service: %s", async (endpoint) => {
    const saved = await savePushSubscription(db(), {
      actor: member("Bob Builder"),
      subscription: { ...browserSubscription(), endpoint },
      device: ANDROID,
    });
    expect(saved.endpoint).toBe(endpoint);
  });

  it("removes one's own device, and nobody else's, in this workspace or another", async () => {
    const [alice, bob, gus] = [member("Alice Admin"), member("Bob Builder"), member("Gus Globex")];
    const saved = await savePushSubscription(db(), {
      actor: alice,
      subscription: browserSubscription(),
      device: ANDROID,
    });
    for (const actor of [bob, gus])
      await expect(removePushDevice(db(), { actor, id: saved.id })).rejects.toMatchObject({
        code: "device_not_found",
      });
    await expect(removePushDevice(db(), { actor: alice, id: "not-an-id" })).rejects.toMatchObject({
      code: "device_not_found",
    });
    await removePushDevice(db(), { actor: alice, id: saved.id });
    expect((await listPushDevices(db(), { actor: alice })).map((device) => device.id)).not.toContain(
      saved.id,
    );
  });

  it("names a device by its browser and system", () => {
    expect(deviceName(ANDROID)).toBe("Chrome on Android");
    expect(
      deviceName(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
      ),
    ).toBe("Safari on macOS");
    expect(
      deviceName("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"),
    ).toBe("Firefox on Windows");
    expect(
      deviceName(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0",
      ),
    ).toBe("Edge on Windows");
    expect(deviceName("")).toBe("A browser");
  });
});
