import { Archive, AtSign, Inbox, ListChecks, MessagesSquare, Send } from "lucide-react";
import type { MessengerView } from "@/lib/conversations/messenger-params";
import { VIEWS, type ViewId } from "@/lib/conversations/views";
import { AddMenu } from "./add-menu";
import { PaneLink } from "./messenger-navigation";

const icons: Record<ViewId, typeof Inbox> = {
  open: MessagesSquare,
  closed: Archive,
  inbox: Inbox,
  sent: Send,
  items: ListChecks,
};

/** What a phone's tab bar shows under each icon: six full names do not fit 360 px. */
const shortLabels: Record<ViewId, string> = {
  open: "Open",
  closed: "Closed",
  inbox: "Inbox",
  sent: "Sent",
  items: "Items",
};

/**
 * The first pane: Add, then each view with its unread count, and Mentions. On a phone its two parts
 * go apart (the shell lays them out, this root is `display: contents` there): Add above the list,
 * and the views as a tab bar at the bottom of the screen, where the thumb is.
 */
export function ViewsNav({ current, counts }: { current: MessengerView; counts: Record<ViewId, number> }) {
  return (
    <div className="contents border-slate-200 bg-white md:flex md:h-full md:flex-col md:gap-3 md:border-r md:p-3">
      <div className="border-b border-slate-200 bg-white p-3 md:border-0 md:p-0">
        <AddMenu />
      </div>
      <nav
        aria-label="Views"
        className="order-last grid grid-cols-6 border-t border-slate-200 bg-white pb-[env(safe-area-inset-bottom)] md:order-none md:flex md:flex-col md:gap-1 md:border-0 md:pb-0"
      >
        {(Object.keys(VIEWS) as ViewId[]).map((id) => (
          <ViewLink
            key={id}
            view={id}
            icon={icons[id]}
            label={VIEWS[id].label}
            shortLabel={shortLabels[id]}
            count={counts[id]}
            selected={id === current}
          />
        ))}
        {/* Messages, not conversations: it has no unread count of its own (they count in their views). */}
        <ViewLink
          view="mentions"
          icon={AtSign}
          label="Mentions"
          shortLabel="Mentions"
          count={0}
          selected={current === "mentions"}
        />
      </nav>
    </div>
  );
}

function ViewLink({
  view,
  icon: Icon,
  label,
  shortLabel,
  count,
  selected,
}: {
  view: MessengerView;
  icon: typeof Inbox;
  label: string;
  shortLabel: string;
  count: number;
  selected: boolean;
}) {
  return (
    <PaneLink
      href={`/messenger?view=${view}`}
      pane="list"
      selected={selected}
      className="relative flex min-w-0 flex-col items-center gap-0.5 px-0.5 py-2 text-[11px] md:flex-row md:gap-2 md:rounded-md md:px-2.5 md:text-sm"
      // On a phone the open view is marked by its colour and top line, not bold: six names fit 360 px.
      selectedClassName="text-brand-800 shadow-[inset_0_2px_0_var(--color-brand-600)] md:bg-brand-50 md:font-semibold md:shadow-none"
      idleClassName="text-slate-700 hover:bg-slate-100"
    >
      <Icon aria-hidden="true" className="size-5 shrink-0 md:size-4" />
      {/* A phone's tab bar names each view in a word; the pane on a wide screen in full. */}
      <span className="max-w-full truncate tracking-tight md:hidden">{shortLabel}</span>
      <span className="max-md:hidden">{label}</span>
      {count > 0 && (
        <span className="absolute top-1 left-[calc(50%+0.25rem)] rounded-full bg-brand-600 px-1.5 text-[11px] font-semibold leading-4 text-white md:static md:ml-auto md:bg-slate-200 md:text-xs md:leading-normal md:text-slate-800">
          <span aria-hidden="true">{count > 99 ? "99+" : count}</span>
          <span className="sr-only">, {count} unread</span>
        </span>
      )}
    </PaneLink>
  );
}
