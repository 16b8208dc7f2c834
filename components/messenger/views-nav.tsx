import clsx from "clsx";
import { Archive, Inbox, ListChecks, MessagesSquare, Send } from "lucide-react";
import Link from "next/link";
import { VIEWS, type ViewId } from "@/lib/conversations/views";
import { AddMenu } from "./add-menu";

const icons: Record<ViewId, typeof Inbox> = {
  open: MessagesSquare,
  closed: Archive,
  inbox: Inbox,
  sent: Send,
  items: ListChecks,
};

/** The first pane: Add, then each view with its unread count. A strip of tabs on a phone. */
export function ViewsNav({ current, counts }: { current: ViewId; counts: Record<ViewId, number> }) {
  return (
    <div className="flex flex-col gap-3 border-slate-200 bg-white p-3 md:h-full md:border-r">
      <AddMenu />
      <nav aria-label="Views" className="flex gap-1 overflow-x-auto md:flex-col">
        {(Object.keys(VIEWS) as ViewId[]).map((id) => {
          const Icon = icons[id];
          const count = counts[id];
          return (
            <Link
              key={id}
              href={`/messenger?view=${id}`}
              aria-current={id === current ? "page" : undefined}
              className={clsx(
                "flex shrink-0 items-center gap-2 rounded-md px-2.5 py-2 text-sm",
                id === current
                  ? "bg-brand-50 font-semibold text-brand-800"
                  : "text-slate-700 hover:bg-slate-100",
              )}
            >
              <Icon aria-hidden="true" className="size-4" />
              {VIEWS[id].label}
              {count > 0 && (
                <span className="ml-auto rounded-full bg-slate-200 px-1.5 text-xs font-semibold text-slate-800">
                  <span className="sr-only">, </span>
                  {count}
                  <span className="sr-only"> unread</span>
                </span>
              )}
            </Link>
          );
        })}
      </nav>
    </div>
  );
}
