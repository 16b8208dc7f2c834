import type { Metadata } from "next";
import { ItemsFilters } from "@/components/items/items-filters";
import { ItemsList } from "@/components/items/items-list";
import { NewItemDialog } from "@/components/items/new-item-dialog";
import { getDb } from "@/db";
import { requireTeamActor } from "@/lib/auth/session";
import { itemsParams, listItems } from "@/lib/items/list-items";

export const metadata: Metadata = { title: "Items" };

export default async function ItemsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, unknown>>;
}) {
  const actor = await requireTeamActor();
  const filter = itemsParams.parse(await searchParams);
  const db = await getDb();
  const list = await listItems(db, { actor, filter });
  return (
    <div className="h-full overflow-y-auto bg-slate-50">
      <div className="mx-auto max-w-5xl space-y-4 px-3 py-4 sm:px-6 sm:py-6">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="mr-auto text-xl font-semibold text-slate-900">Tickets and tasks</h1>
          <NewItemDialog kind="ticket" meId={actor.userId} />
          <NewItemDialog kind="task" meId={actor.userId} />
        </div>
        <ItemsFilters filter={filter} />
        <ItemsList rows={list.rows} filter={filter} nextBefore={list.nextBefore} />
      </div>
    </div>
  );
}
