import clsx from "clsx";
import type { ReactNode } from "react";
import { getDb } from "@/db";
import type { TeamActor } from "@/lib/auth/actor";
import { countUnreadByView, listConversations, type ViewId } from "@/lib/conversations/views";
import { ConversationList } from "./conversation-list";
import { ViewsNav } from "./views-nav";

/**
 * The messenger's three panes: views, the list, and `children` (a conversation, a draft or an
 * empty state). On a phone only one shows: the list, or the open conversation with a back link.
 */
export async function MessengerShell({
  actor,
  view,
  cursor,
  selectedId,
  draft,
  children,
}: {
  actor: TeamActor;
  view: ViewId;
  cursor?: string;
  selectedId?: string;
  draft?: boolean;
  children: ReactNode;
}) {
  const db = await getDb();
  const [list, counts] = await Promise.all([
    listConversations(db, { actor, view, cursor }),
    countUnreadByView(db, { actor }),
  ]);
  const detailOpen = Boolean(selectedId || draft);
  return (
    <div className="grid h-full md:grid-cols-[220px_320px_1fr] lg:grid-cols-[240px_360px_1fr]">
      <div className={clsx("md:h-full", detailOpen && "hidden md:block")}>
        <ViewsNav current={view} counts={counts} />
      </div>
      <div
        className={clsx(
          "min-h-0 border-slate-200 bg-white md:flex md:flex-col md:border-r",
          detailOpen ? "hidden" : "flex flex-col",
        )}
      >
        <ConversationList
          view={view}
          rows={list.rows}
          nextCursor={list.nextCursor}
          selectedId={selectedId}
          draft={draft}
        />
      </div>
      <main className={clsx("min-h-0 flex-col bg-white md:flex", detailOpen ? "flex" : "hidden")}>
        {children}
      </main>
    </div>
  );
}
