import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { heartbeatAction } from "@/app/(app)/messenger/actions";
import { ServiceWorker } from "@/components/app-shell/service-worker";
import { TopBar } from "@/components/app-shell/top-bar";
import { PausedBanner } from "@/components/notifications/paused-banner";
import { MessengerLive } from "@/components/realtime/messenger-live";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { AppToaster } from "@/components/ui/app-toaster";
import { getDb } from "@/db";
import { isAdmin } from "@/lib/auth/permissions";
import { getTeamActor, requireTeamActor } from "@/lib/auth/session";
import { countUnreadConversations } from "@/lib/conversations/read-state";
import { mayReadDevMailbox } from "@/lib/email/outbox";
import { userChannel } from "@/lib/realtime/channels";
import { realtimeClientConfig } from "@/lib/realtime/client-config";
import { getNotificationSettings } from "@/lib/settings/notification-settings";
import { getWorkspaceName } from "@/lib/workspaces";

/** The team's pages are named for their workspace: "Messenger · Acme Support" (the unread count goes in front, live). */
export async function generateMetadata(): Promise<Metadata> {
  const actor = await getTeamActor();
  const workspaceName = actor ? await getWorkspaceName(await getDb(), actor.workspaceId) : null;
  // The messenger installs as an app (app/app.webmanifest/route.ts); the chat page is not it.
  const manifest = "/app.webmanifest";
  return workspaceName
    ? { title: { template: `%s · ${workspaceName}`, default: workspaceName }, manifest }
    : { manifest };
}

export const viewport: Viewport = { themeColor: "#4f46e5" };

export default async function TeamAppLayout({ children }: { children: ReactNode }) {
  const actor = await requireTeamActor();
  const db = await getDb();
  const [workspaceName, unread, preferences] = await Promise.all([
    getWorkspaceName(db, actor.workspaceId),
    countUnreadConversations(db, { actor }),
    getNotificationSettings(db, { actor }),
  ]);
  const channel = userChannel(actor.userId);
  return (
    <RealtimeProvider config={realtimeClientConfig("team")} heartbeat={heartbeatAction}>
      <div className="flex h-dvh flex-col">
        <TopBar
          workspaceName={workspaceName}
          unread={unread}
          userName={actor.name}
          showMailbox={mayReadDevMailbox(actor)}
          showCustomers={isAdmin(actor)}
          userChannel={channel}
        />
        {preferences.pausedUntil && (
          <PausedBanner key={preferences.pausedUntil.getTime()} pausedUntil={preferences.pausedUntil} />
        )}
        <main id="main" tabIndex={-1} className="min-h-0 flex-1 focus:outline-none">
          {children}
        </main>
      </div>
      <ServiceWorker />
      <MessengerLive
        userChannel={channel}
        meId={actor.userId}
        bubbles={preferences.bubble}
        sound={preferences.sound}
      />
      <AppToaster />
    </RealtimeProvider>
  );
}
