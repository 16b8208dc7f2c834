import { AtSign } from "lucide-react";
import Link from "next/link";
import { searchResultHref } from "@/components/search/search-result-href";
import { SearchResultLink } from "@/components/search/search-results";
import type { SearchPage } from "@/lib/search/search-messages";

/**
 * The Mentions view in the list pane: each message that mentions me, newest first, shown as a
 * search result is, and opening its thread at the message.
 */
export function MentionsList({ page, openMessageId }: { page: SearchPage; openMessageId?: string }) {
  return (
    <section aria-label="Mentions" className="flex min-h-0 flex-col">
      <h2 className="border-b border-slate-200 px-4 py-3 text-sm font-semibold text-slate-900">Mentions</h2>
      {page.hits.length === 0 ? (
        <div className="flex flex-col items-center gap-2 px-6 py-12 text-center">
          <AtSign aria-hidden="true" className="size-8 text-slate-400" />
          <p className="text-sm font-medium text-slate-800">No mentions</p>
          <p className="text-sm text-slate-600">
            When a teammate mentions you with @ in a message, it shows up here, even in a conversation you
            muted.
          </p>
        </div>
      ) : (
        <ul className="min-h-0 flex-1 overflow-y-auto">
          {page.hits.map((hit) => (
            <li key={hit.messageId}>
              <SearchResultLink
                hit={hit}
                href={searchResultHref(hit, { view: "mentions" })}
                open={hit.messageId === openMessageId}
              />
            </li>
          ))}
        </ul>
      )}
      {page.nextCursor && (
        <Link
          href={`/messenger?view=mentions&cursor=${page.nextCursor}`}
          className="border-t border-slate-200 px-4 py-2 text-center text-sm font-medium text-brand-700 hover:bg-slate-50"
        >
          Older mentions
        </Link>
      )}
    </section>
  );
}
