import type { SearchHit } from "@/lib/search/search-messages";

/**
 * Where a result opens its thread at the message: an item's page, or the messenger, which keeps
 * the search (and the view) so the results stay beside the thread and Back returns to them.
 */
export function searchResultHref(hit: SearchHit, { query, view }: { query: string; view: string | null }) {
  const at = new URLSearchParams({ message: hit.messageId });
  if (hit.thread.item) return `/items/${hit.thread.item.number}?${at}`;
  if (view) at.set("view", view);
  at.set("q", query);
  return `/messenger/c/${hit.conversationId}?${at}`;
}
