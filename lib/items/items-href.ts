import type { ItemsFilter } from "./list-items";

/** /items with these filters, from the first page (or from `before`, for the next page). */
export function itemsHref(filter: ItemsFilter, before?: number) {
  const params = new URLSearchParams();
  for (const key of ["mine", "kind", "status", "q"] as const) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  if (before) params.set("before", String(before));
  const query = params.toString();
  return query ? `/items?${query}` : "/items";
}
