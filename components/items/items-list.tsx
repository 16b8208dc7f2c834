import clsx from "clsx";
import { ListChecks } from "lucide-react";
import Link from "next/link";
import { LinkPending } from "@/components/ui/link-pending";
import { RelativeTime } from "@/components/ui/relative-time";
import { itemRef } from "@/lib/items/item-fields";
import { itemsHref } from "@/lib/items/items-href";
import type { ItemRow, ItemsFilter } from "@/lib/items/list-items";
import { KindBadge, StatusBadge } from "./item-badges";

/** The items, newest first: number, title, kind, status, who works on it and for whom. */
export function ItemsList({
  rows,
  filter,
  nextBefore,
}: {
  rows: ItemRow[];
  filter: ItemsFilter;
  nextBefore: number | null;
}) {
  const filtered = Boolean(filter.kind || filter.status || filter.mine || filter.q);
  if (rows.length === 0)
    return (
      <div className="flex flex-col items-center gap-2 rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
        <ListChecks aria-hidden="true" className="size-8 text-slate-400" />
        <p className="text-sm font-medium text-slate-800">
          {filtered ? "No items match" : "No tickets or tasks yet"}
        </p>
        <p className="max-w-sm text-sm text-slate-600">
          {filtered
            ? "Try another filter, or clear the search."
            : "Create one with New ticket or New task, or from a conversation in the messenger."}
        </p>
        {filtered && (
          <Link href="/items" className="text-sm font-medium text-brand-700 hover:underline">
            Show all items
          </Link>
        )}
      </div>
    );
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
      <ul aria-label="Items">
        {rows.map((row) => (
          <li key={row.id} className="border-b border-slate-100 last:border-b-0">
            <Link
              href={`/items/${row.number}`}
              className="flex flex-col gap-1 px-4 py-3 hover:bg-slate-50 focus-visible:-outline-offset-2 sm:flex-row sm:items-center sm:gap-3"
            >
              <span className="flex min-w-0 flex-1 items-center gap-2">
                <span className="shrink-0 text-sm tabular-nums text-slate-600">{itemRef(row.number)}</span>
                <span
                  className={clsx(
                    "truncate text-sm",
                    row.unread ? "font-semibold text-slate-900" : "font-medium text-slate-800",
                  )}
                >
                  {row.title}
                </span>
                {row.unread && (
                  <span className="size-2.5 shrink-0 rounded-full bg-brand-600">
                    <span className="sr-only">Unread</span>
                  </span>
                )}
              </span>
              <span className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                <KindBadge kind={row.kind} />
                <StatusBadge status={row.status} />
                {row.requesterName && <span className="truncate">for {row.requesterName}</span>}
                <span className="truncate">
                  {row.assigneeName ? `· ${row.assigneeName}` : "· Unassigned"}
                </span>
                <RelativeTime date={row.updatedAt} className="ml-auto shrink-0 sm:ml-2" />
                <LinkPending className="shrink-0" />
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {nextBefore && (
        <Link
          href={itemsHref(filter, nextBefore)}
          className="block border-t border-slate-200 px-4 py-2 text-center text-sm font-medium text-brand-700 hover:bg-slate-50"
        >
          Older items
        </Link>
      )}
    </div>
  );
}
