"use client";

import clsx from "clsx";
import { Search } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { inputClass, selectClass } from "@/components/ui/field";
import { ITEM_STATUSES, STATUS_LABELS } from "@/lib/items/item-fields";
import { itemsHref } from "@/lib/items/items-href";
import type { ItemsFilter } from "@/lib/items/list-items";

const scopes = [
  { mine: undefined, label: "All items" },
  { mine: "assigned", label: "Assigned to me" },
  { mine: "followed", label: "Followed by me" },
] as const;

/**
 * Who (all, assigned to me, followed by me) as tabs, then kind, status and a search of titles and
 * numbers. Every filter is in the address, so a filtered list can be shared and survives a reload.
 */
export function ItemsFilters({ filter }: { filter: ItemsFilter }) {
  const router = useRouter();
  const go = (change: Partial<ItemsFilter>) => router.push(itemsHref({ ...filter, ...change }));
  return (
    <div className="space-y-3">
      <nav aria-label="Whose items" className="flex gap-1 overflow-x-auto">
        {scopes.map((scope) => (
          <Link
            key={scope.label}
            href={itemsHref({ ...filter, mine: scope.mine })}
            aria-current={filter.mine === scope.mine ? "page" : undefined}
            className={clsx(
              "shrink-0 rounded-md px-2.5 py-1.5 text-sm",
              filter.mine === scope.mine
                ? "bg-brand-50 font-semibold text-brand-800"
                : "text-slate-700 hover:bg-slate-100",
            )}
          >
            {scope.label}
          </Link>
        ))}
      </nav>
      <search>
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            const q = new FormData(event.currentTarget).get("q");
            go({ q: typeof q === "string" && q.trim() ? q.trim() : undefined });
          }}
        >
          <div className="relative min-w-0 flex-1 basis-48">
            <Search
              aria-hidden="true"
              className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-slate-500"
            />
            <label htmlFor="items-search" className="sr-only">
              Search items
            </label>
            <input
              id="items-search"
              name="q"
              type="search"
              defaultValue={filter.q ?? ""}
              placeholder="Search titles, or #123"
              className={`${inputClass} pl-8`}
            />
          </div>
          <label className="sr-only" htmlFor="items-kind">
            Kind
          </label>
          <select
            id="items-kind"
            value={filter.kind ?? ""}
            onChange={(event) => go({ kind: (event.target.value || undefined) as ItemsFilter["kind"] })}
            className={selectClass}
          >
            <option value="">Tickets and tasks</option>
            <option value="ticket">Tickets</option>
            <option value="task">Tasks</option>
          </select>
          <label className="sr-only" htmlFor="items-status">
            Status
          </label>
          <select
            id="items-status"
            value={filter.status ?? ""}
            onChange={(event) => go({ status: (event.target.value || undefined) as ItemsFilter["status"] })}
            className={selectClass}
          >
            <option value="">Any status</option>
            {ITEM_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </form>
      </search>
    </div>
  );
}
