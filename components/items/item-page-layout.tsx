import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { Thread } from "@/components/messenger/thread";
import type { TeamActor } from "@/lib/auth/actor";
import { isAdmin } from "@/lib/auth/permissions";
import type { ItemPage } from "@/lib/items/get-item";
import { itemRef } from "@/lib/items/item-fields";
import type { TeamMemberOption } from "@/lib/people/team-members";
import { FollowButton } from "./follow-button";
import { FollowersPanel } from "./followers-panel";
import { KindBadge, StatusBadge } from "./item-badges";
import { ItemDetails } from "./item-details";
import { ItemSidePanel } from "./item-side-panel";

/**
 * An item's page: its name and Follow button; its thread with the composer; and beside it (on a
 * phone, folded above it) its details and followers.
 */
export function ItemPageLayout({
  page,
  team,
  actor,
  defaultVisibility,
}: {
  page: ItemPage;
  team: TeamMemberOption[];
  actor: TeamActor;
  /** The kind of message a ticket's composer starts on, as the workspace's admins chose. */
  defaultVisibility: "public" | "internal";
}) {
  const { item } = page;
  const canManage = isAdmin(actor) || item.assigneeUserId === actor.userId;
  const side = (
    <div className="space-y-6">
      <ItemDetails item={item} team={team} meId={actor.userId} />
      <FollowersPanel
        itemId={item.id}
        kind={item.kind}
        followers={page.followers}
        meId={actor.userId}
        canManage={canManage}
      />
    </div>
  );
  return (
    <div className="grid h-full grid-cols-1 grid-rows-[auto_auto_minmax(0,1fr)] bg-white lg:grid-cols-[minmax(0,1fr)_22rem] lg:grid-rows-[auto_minmax(0,1fr)]">
      <div className="flex items-center gap-3 border-b border-slate-200 px-4 py-3 lg:col-span-2">
        <Link
          href="/items"
          aria-label="Back to items"
          className="rounded-md p-1 text-slate-600 hover:bg-slate-100"
        >
          <ArrowLeft aria-hidden="true" className="size-5" />
        </Link>
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-base font-semibold text-slate-900">
            <span className="font-normal text-slate-600">{itemRef(item.number)}</span> {item.title}
          </h1>
          <p className="flex items-center gap-2 text-xs">
            <KindBadge kind={item.kind} />
            <StatusBadge status={item.status} />
            {item.requesterName && <span className="truncate text-slate-600">for {item.requesterName}</span>}
          </p>
        </div>
        <FollowButton itemId={item.id} following={page.following} />
      </div>
      <ItemSidePanel summary={`Details and followers (${page.followers.length})`}>{side}</ItemSidePanel>
      <section className="flex min-h-0 flex-col lg:col-start-1 lg:row-start-2" aria-label="Thread">
        <Thread
          key={page.conversationId}
          conversationId={page.conversationId}
          kind={item.kind === "ticket" ? "customer" : "internal"}
          initialMessages={page.messages}
          hasEarlier={page.hasEarlier}
          meId={actor.userId}
          meIsAdmin={actor.role === "admin"}
          lastReadSeq={page.lastReadSeq}
          followers={page.followers}
          startsOnNote={defaultVisibility === "internal"}
        />
      </section>
    </div>
  );
}
