import clsx from "clsx";
import { type ReactNode, Suspense } from "react";
import { getDb } from "@/db";
import type { TeamActor } from "@/lib/auth/actor";
import { countUnreadByView, listConversations, type ViewId } from "@/lib/conversations/views";
import { ConversationList } from "./conversation-list";
import { ListSkeleton } from "./list-skeleton";
import { ViewsNav } from "./views-nav";

type ListProps = { actor: TeamActor; view: ViewId; cursor?: string; selectedId?: string; draft?: boolean };

/**
 * The messenger's three panes: views, the list, and `children` (a conversation, a draft or an
 * empty state). On a phone only one shows: the list, or the open conversation with a back link.
 * The side panes stream in; the page itself has already decided between content and a 404.
 */
export function MessengerShell({ children, ...list }: ListProps & { children: ReactNode }) {
  const detailOpen = Boolean(list.selectedId || list.draft);
  return (
    <div
      className={clsx(
        "grid h-full grid-cols-1 md:grid-cols-[220px_320px_minmax(0,1fr)] md:grid-rows-1 lg:grid-cols-[240px_360px_minmax(0,1fr)]",
        // On a phone: the view tabs above the list, or the open conversation alone.
        detailOpen ? "grid-rows-[minmax(0,1fr)]" : "grid-rows-[auto_minmax(0,1fr)]",
      )}
    >
      <div className={clsx("md:h-full", detailOpen && "hidden md:block")}>
        <Suspense
          fallback={
            <ViewsNav current={list.view} counts={{ open: 0, closed: 0, inbox: 0, sent: 0, items: 0 }} />
          }
        >
          <ViewsPane actor={list.actor} view={list.view} />
        </Suspense>
      </div>
      <div
        className={clsx(
          "min-h-0 border-slate-200 bg-white md:flex md:flex-col md:border-r",
          detailOpen ? "hidden" : "flex flex-col",
        )}
      >
        <Suspense fallback={<ListSkeleton />}>
          <ListPane {...list} />
        </Suspense>
      </div>
      <main className={clsx("min-h-0 flex-col bg-white md:flex", detailOpen ? "flex" : "hidden")}>
        {children}
      </main>
    </div>
  );
}

async function ViewsPane({ actor, view }: { actor: TeamActor; view: ViewId }) {
  const counts = await countUnreadByView(await getDb(), { actor });
  return <ViewsNav current={view} counts={counts} />;
}

async function ListPane({ actor, view, cursor, selectedId, draft }: ListProps) {
  const list = await listConversations(await getDb(), { actor, view, cursor });
  return (
    <ConversationList
      view={view}
      rows={list.rows}
      nextCursor={list.nextCursor}
      selectedId={selectedId}
      draft={draft}
    />
  );
}
