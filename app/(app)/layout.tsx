import type { ReactNode } from "react";
import { TopBar } from "@/components/app-shell/top-bar";
import { getDb } from "@/db";
import { requireTeamActor } from "@/lib/auth/session";
import { countUnreadConversations } from "@/lib/conversations/read-state";
import { getWorkspaceName } from "@/lib/workspaces";

export default async function TeamAppLayout({ children }: { children: ReactNode }) {
  const actor = await requireTeamActor();
  const db = await getDb();
  const [workspaceName, unread] = await Promise.all([
    getWorkspaceName(db, actor.workspaceId),
    countUnreadConversations(db, { actor }),
  ]);
  return (
    <div className="flex h-dvh flex-col">
      <TopBar
        workspaceName={workspaceName}
        unread={unread}
        userName={actor.name}
        isAdmin={actor.role === "admin"}
      />
      <div className="min-h-0 flex-1">{children}</div>
    </div>
  );
}
