import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushSubscriptions } from "@/db/schema";
import {
  type FakePushServiceWithSender,
  openTestWorkspaces,
  startFakePushServiceWithSender,
} from "@/db/testing";
import { listPushDevices, savePushSubscription } from "./subscriptions";
import { sendTestPush } from "./test-push";

const { db, member } = openTestWorkspaces([{ slug: "acme", team: ["Alice Admin", "Bob Builder"] }]);
let service: FakePushServiceWithSender;
const sender = () => service.sender;

beforeAll(async () => {
  service = await startFakePushServiceWithSender();
});
afterAll(() => service.stop());

describe("Send a test notification", () => {
  it("pushes to each of the person's own devices, and removes one whose service says it is gone", async () => {
    const alice = member("Alice Admin");
    const phone = service.newSubscription();
    const gone = service.newSubscription();
    for (const subscription of [phone, gone])
      await savePushSubscription(db(), { actor: alice, subscription, device: "Chrome on Android" });
    await savePushSubscription(db(), {
      actor: member("Bob Builder"),
      subscription: service.newSubscription(),
      device: "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0",
    });
    service.gone(gone.endpoint);

    expect(await sendTestPush(db(), { actor: alice, sender: sender() })).toEqual({
      sent: 1,
      removed: 1,
      problems: [],
    });
    expect(service.received.map((push) => push.endpoint)).toEqual([phone.endpoint]);
    expect(JSON.parse(service.received[0]?.payload ?? "{}")).toMatchObject({
      title: "Test notification",
      url: "/settings/notifications",
    });
    expect((await listPushDevices(db(), { actor: alice })).map((device) => device.endpoint)).toEqual([
      phone.endpoint,
    ]);
    // Bob's device was not Alice's to push to.
    expect(await listPushDevices(db(), { actor: member("Bob Builder") })).toHaveLength(1);
  });

  it("says what a device's service answered when it did not take it, and keeps the device", async () => {
    const bob = member("Bob Builder");
    service.answerNext(503);
    expect(await sendTestPush(db(), { actor: bob, sender: sender() })).toEqual({
      sent: 0,
      removed: 0,
      problems: ["Firefox on Linux: push service answered 503"],
    });
    expect(await listPushDevices(db(), { actor: bob })).toHaveLength(1);
  });

  it("asks for a device first when there is none", async () => {
    await db().delete(pushSubscriptions);
    await expect(
      sendTestPush(db(), { actor: member("Alice Admin"), sender: sender() }),
    ).rejects.toMatchObject({
      code: "no_device",
    });
  });
});
