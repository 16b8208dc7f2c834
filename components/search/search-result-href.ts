import type { SearchHit } from "@/lib/search/search-messages";

/**
 * Where a result opens its thread at the message: an item's page, or the messenger, which keeps
 * the view (and a search, so the results stay beside the thread and Back returns to them). The
 * Mentions view's rows are results too, with no search.
 */
export function searchResultHref(hit: SearchHit, { query, view }: { query?: string; view: string | null }) {
  const at = new URLSearchParams({ message: hit.messageId });
  if (hit.thread.item) return `/items/${hit.thread.item.number}?${at}`;
  if (view) at.set("view", view);
  if (query) at.set("q", query);
  return `/messenger/c/${hit.conversationId}?${at}`;
}
