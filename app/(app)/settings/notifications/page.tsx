import type { Metadata } from "next";
import { PausePanel } from "@/components/notifications/pause-panel";
import { NotificationSettingsForm } from "@/components/settings/notification-settings-form";
import { PushDevices } from "@/components/settings/push-devices";
import { getDb } from "@/db";
import { requireTeamActor } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { listPushDevices } from "@/lib/push/subscriptions";
import { getNotificationSettings } from "@/lib/settings/notification-settings";

export const metadata: Metadata = { title: "Notification settings" };

export default async function NotificationSettingsPage() {
  const actor = await requireTeamActor();
  const db = await getDb();
  const [{ pausedUntil, emailOffByAdmin, ...settings }, devices] = await Promise.all([
    getNotificationSettings(db, { actor }),
    listPushDevices(db, { actor }),
  ]);
  return (
    <section aria-labelledby="notifications-heading" className="space-y-4">
      <div>
        <h1 id="notifications-heading" className="text-xl font-semibold text-slate-900">
          Notifications
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          How you hear about messages. These settings are yours alone.
        </p>
      </div>
      <NotificationSettingsForm initial={settings} emailOffByAdmin={emailOffByAdmin} />
      <PushDevices vapidPublicKey={getEnv().vapid?.publicKey ?? null} devices={devices} />
      <PausePanel key={pausedUntil?.getTime() ?? "none"} pausedUntil={pausedUntil} />
    </section>
  );
}
