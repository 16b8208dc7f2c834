import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { pushSubscriptions } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/domain-error";
import { getEnv } from "@/lib/env";
import { type PushSender, webPushSender } from "./send-push";
import { removeGoneDevices } from "./subscriptions";

/**
 * "Send a test notification": one push to each of the actor's devices, at once, so they see
 * whether push works where they are. Like the sweep, a device its push service says is gone is
 * removed. Answers how many devices took it, and what the others said.
 */
export async function sendTestPush(
  db: Db,
  { actor, sender }: { actor: TeamActor; sender?: PushSender },
): Promise<{ sent: number; removed: number; problems: string[] }> {
  const vapid = getEnv().vapid;
  const send = sender ?? (vapid ? webPushSender(vapid) : null);
  if (!send) throw new DomainError("push_off", "Push notifications are not set up on this server.");
  const devices = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, actor.userId));
  if (devices.length === 0)
    throw new DomainError("no_device", "Turn on push notifications on this device first.");
  const outcomes = await Promise.all(
    devices.map((device) =>
      send(device, {
        title: "Test notification",
        body: "Push notifications work on this device.",
        url: "/settings/notifications",
        tag: "test-notification",
      }),
    ),
  );
  const gone = devices.filter((_, index) => outcomes[index]?.kind === "gone");
  await removeGoneDevices(db, { userId: actor.userId, endpoints: gone.map((device) => device.endpoint) });
  return {
    sent: outcomes.filter((outcome) => outcome.kind === "sent").length,
    removed: gone.length,
    problems: outcomes.flatMap((outcome, index) =>
      outcome.kind === "retry" || outcome.kind === "failed"
        ? [`${devices[index]?.device}: ${outcome.error}`]
        : [],
    ),
  };
}
