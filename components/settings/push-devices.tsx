"use client";

import { Smartphone } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import {
  removePushDeviceAction,
  savePushSubscriptionAction,
  sendTestPushAction,
} from "@/app/(app)/settings/actions";
import { forgetThisBrowser } from "@/components/push/forget-this-browser";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { RelativeTime } from "@/components/ui/relative-time";
import type { PushDevice } from "@/lib/push/subscriptions";
import { SwitchField } from "./switch-field";

/** What this browser can do about push, found once it has loaded. */
type Support = "checking" | "unsupported" | "blocked" | "ready";

/**
 * Push on this device, and the person's devices. The switch asks the browser's permission, then
 * subscribes at its push service with the server's public key and saves the subscription; off, it
 * unsubscribes and forgets it. The list shows every device of theirs, this one marked, each with
 * Remove; Send a test notification pushes to all of them.
 */
export function PushDevices({
  vapidPublicKey,
  devices,
}: {
  vapidPublicKey: string | null;
  devices: PushDevice[];
}) {
  const router = useRouter();
  const [support, setSupport] = useState<Support>("checking");
  const [endpoint, setEndpoint] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, startBusy] = useTransition();

  useEffect(() => {
    if (!("serviceWorker" in navigator && "PushManager" in window && "Notification" in window)) {
      setSupport("unsupported");
      return;
    }
    setSupport(Notification.permission === "denied" ? "blocked" : "ready");
    void navigator.serviceWorker.ready
      .then((registration) => registration.pushManager.getSubscription())
      .then((subscription) => setEndpoint(subscription?.endpoint ?? null))
      .catch(() => setSupport("unsupported"));
  }, []);

  const thisDevice = devices.find((device) => device.endpoint === endpoint);
  const on = support === "ready" && Notification.permission === "granted" && Boolean(thisDevice);

  const turnOn = async () => {
    if ((await Notification.requestPermission()) !== "granted") {
      setSupport(Notification.permission === "denied" ? "blocked" : "ready");
      setError("Notifications were not allowed. Allow them for this site in your browser, then try again.");
      return;
    }
    const registration = await navigator.serviceWorker.ready;
    // One made with another key (the server's keys changed) cannot be reused.
    const old = await registration.pushManager.getSubscription();
    if (old && !sameKey(old, vapidPublicKey as string)) await old.unsubscribe();
    const subscription =
      (old && sameKey(old, vapidPublicKey as string) ? old : null) ??
      (await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: vapidPublicKey as string,
      }));
    // The server checks its shape (lib/push/subscriptions.ts).
    const saved = await savePushSubscriptionAction({
      subscription: subscription.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } },
    });
    if (!saved.ok) {
      setError(saved.message);
      return;
    }
    setEndpoint(subscription.endpoint);
    router.refresh();
  };

  const turnOff = async () => {
    await forgetThisBrowser();
    setEndpoint(null);
    router.refresh();
  };

  const toggle = (checked: boolean) => {
    setError(null);
    startBusy(async () => {
      try {
        await (checked ? turnOn() : turnOff());
      } catch (problem) {
        setError(`This browser could not ${checked ? "turn push on" : "turn push off"}: ${String(problem)}`);
      }
    });
  };

  /** A call that failed on the way (offline, say) is told like a refused one. */
  const offline = { ok: false as const, message: "The server could not be reached. Try again." };

  const sendTest = () =>
    startBusy(async () => {
      const result = await sendTestPushAction({}).catch(() => offline);
      if (!result.ok) toast.error(result.message);
      else if (result.data.sent > 0)
        toast.success(
          result.data.sent === 1
            ? "Test notification sent."
            : `Test notification sent to ${result.data.sent} devices.`,
        );
      else toast.error(result.data.problems[0] ?? "No device took the test notification.");
      router.refresh();
    });

  const remove = (device: PushDevice) =>
    startBusy(async () => {
      const result = await removePushDeviceAction({ id: device.id }).catch(() => offline);
      if (!result.ok) toast.error(result.message);
      else toast.success(`${device.device} removed.`);
      router.refresh();
    });

  return (
    <section
      aria-labelledby="push-heading"
      className="rounded-lg border border-slate-200 bg-white px-4 pb-4"
      aria-busy={busy}
    >
      <h2 id="push-heading" className="pt-4 text-base font-semibold text-slate-900">
        Push notifications
      </h2>
      <SwitchField
        name="push-here"
        label="Push notifications on this device"
        description={description(support, vapidPublicKey)}
        checked={on}
        onChange={toggle}
        disabled={busy || support !== "ready" || !vapidPublicKey}
      />
      {error && <FormError message={error} />}
      <h3 className="mt-2 text-sm font-medium text-slate-900">Your devices</h3>
      {devices.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">
          None yet. Turn push on above, on each phone or computer where you want notifications.
        </p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200">
          {devices.map((device) => (
            <li key={device.id} className="flex items-center gap-3 px-3 py-2">
              <Smartphone aria-hidden="true" className="size-4 shrink-0 text-slate-500" />
              <span className="min-w-0 flex-1 text-sm">
                <span className="block truncate font-medium text-slate-900">{device.device}</span>
                <span className="block text-slate-600">
                  {device.endpoint === endpoint && "This device · "}
                  Added <RelativeTime date={device.createdAt} />
                </span>
              </span>
              <Button
                variant="secondary"
                className="px-2.5 py-1.5"
                aria-label={`Remove ${device.device}`}
                disabled={busy}
                onClick={() => remove(device)}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Button className="mt-3" variant="secondary" disabled={busy || devices.length === 0} onClick={sendTest}>
        Send a test notification
      </Button>
    </section>
  );
}

function description(support: Support, vapidPublicKey: string | null) {
  if (!vapidPublicKey) return "Push is not set up on this server. An administrator sets the VAPID keys.";
  if (support === "unsupported")
    return "This browser cannot receive push notifications. On an iPhone, add the messenger to your home screen first.";
  if (support === "blocked")
    return "Notifications are blocked for this site. Allow them in your browser's site settings to turn this on.";
  return "Messages reach this device while the messenger is closed, as your push choice above allows.";
}

/** Whether a subscription was made with this server's public key. */
function sameKey(subscription: PushSubscription, publicKey: string) {
  const key = subscription.options.applicationServerKey;
  if (!key) return false;
  const bytes = new Uint8Array(key);
  const base64url = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
  return base64url === publicKey;
}
