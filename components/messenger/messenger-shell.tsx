import { type ReactNode, Suspense } from "react";
import { MessageSearch } from "@/components/search/message-search";
import { getDb } from "@/db";
import type { TeamActor } from "@/lib/auth/actor";
import type { MessengerView } from "@/lib/conversations/messenger-params";
import { countUnreadByView, listConversations } from "@/lib/conversations/views";
import { listMentions } from "@/lib/mentions/list-mentions";
import { ConversationList } from "./conversation-list";
import { ListSkeleton } from "./list-skeleton";
import { MentionsList } from "./mentions-list";
import { MessengerPanes } from "./messenger-navigation";
import { ViewsNav } from "./views-nav";

type ListProps = {
  actor: TeamActor;
  view: MessengerView;
  cursor?: string;
  selectedId?: string;
  /** In Mentions, the message whose row is open. */
  openMessageId?: string;
  draft?: boolean;
};

/**
 * The messenger's three panes: views, the list, and `children` (a conversation, a draft or an
 * empty state). On a phone only one shows: the list, or the open conversation with a back link.
 * The side panes stream in; the page itself has already decided between content and a 404.
 */
export function MessengerShell({ children, ...list }: ListProps & { children: ReactNode }) {
  return (
    <MessengerPanes
      detailOpen={Boolean(list.selectedId || list.draft)}
      views={
        <Suspense
          fallback={
            <ViewsNav current={list.view} counts={{ open: 0, closed: 0, inbox: 0, sent: 0, items: 0 }} />
          }
        >
          <ViewsPane actor={list.actor} view={list.view} />
        </Suspense>
      }
      list={
        <MessageSearch>
          <Suspense fallback={<ListSkeleton />}>
            <ListPane {...list} />
          </Suspense>
        </MessageSearch>
      }
      conversation={children}
    />
  );
}

async function ViewsPane({ actor, view }: { actor: TeamActor; view: MessengerView }) {
  const counts = await countUnreadByView(await getDb(), { actor });
  return <ViewsNav current={view} counts={counts} />;
}

async function ListPane({ actor, view, cursor, selectedId, openMessageId, draft }: ListProps) {
  if (view === "mentions")
    return (
      <MentionsList
        page={await listMentions(await getDb(), { actor, cursor })}
        openMessageId={openMessageId}
      />
    );
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
