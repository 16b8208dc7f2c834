"use client";

import clsx from "clsx";
import { ListChecks, LoaderCircle, SearchX } from "lucide-react";
import Link from "next/link";
import { useId } from "react";
import { PaneLink } from "@/components/messenger/messenger-navigation";
import { RelativeTime } from "@/components/ui/relative-time";
import type { SearchHit } from "@/lib/search/search-messages";
import { HighlightedText } from "./highlighted-text";
import type { SearchState } from "./message-search";
import { searchResultHref } from "./search-result-href";

const resultRowClass = "block border-b border-slate-100 px-4 py-3 focus-visible:-outline-offset-2";

/**
 * What a search found, in the list pane: one link per message, newest first, then "Load more".
 * Up and Down move between results (Up from the first goes back to the field); Tab works too.
 */
export function SearchResults({
  state,
  view,
  openMessageId,
  onLoadMore,
  onBackToField,
}: {
  state: SearchState;
  view: string | null;
  openMessageId: string | null;
  onLoadMore: () => void;
  onBackToField: () => void;
}) {
  const headingId = useId();
  const hits = state.status === "done" ? state.hits : [];
  return (
    <section
      aria-labelledby={headingId}
      aria-busy={state.status === "loading"}
      className="flex min-h-0 flex-1 flex-col"
    >
      <h2 id={headingId} className="truncate px-4 pt-3 pb-2 text-sm font-semibold text-slate-900">
        Results for “{state.query}”
      </h2>
      <p role="status" className={clsx("px-4 text-xs text-slate-600", state.status === "done" && "sr-only")}>
        {state.status === "loading" && (
          <span className="flex items-center gap-1.5 pb-2">
            <LoaderCircle aria-hidden="true" className="size-3.5 animate-spin motion-reduce:animate-none" />
            Searching…
          </span>
        )}
        {state.status === "failed" && <span className="block pb-2 text-red-700">{state.message}</span>}
        {state.status === "done" &&
          (hits.length === 0 ? "" : `${hits.length}${state.nextCursor ? "+" : ""} results`)}
      </p>
      {state.status === "done" && hits.length === 0 ? (
        <div className="flex flex-col items-center gap-2 px-6 py-12 text-center">
          <SearchX aria-hidden="true" className="size-8 text-slate-400" />
          <p className="text-sm font-medium break-words text-slate-800 [overflow-wrap:anywhere]">
            No messages match “{state.query}”
          </p>
          <p className="text-sm text-slate-600">
            Try fewer or other words, a name, an email address, or an item number such as #12.
          </p>
        </div>
      ) : (
        <ul
          className="min-h-0 flex-1 overflow-y-auto border-t border-slate-200"
          onKeyDown={(event) => {
            if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
            const links = [...event.currentTarget.querySelectorAll<HTMLElement>("[data-search-result]")];
            const index = links.indexOf(document.activeElement as HTMLElement);
            if (index < 0) return;
            event.preventDefault();
            const next = index + (event.key === "ArrowDown" ? 1 : -1);
            if (next < 0) onBackToField();
            else links[Math.min(next, links.length - 1)]?.focus();
          }}
        >
          {hits.map((hit) => (
            <li key={hit.messageId}>
              <SearchResultLink
                hit={hit}
                href={searchResultHref(hit, { query: state.query, view })}
                open={hit.messageId === openMessageId}
              />
            </li>
          ))}
          {state.status === "done" && state.nextCursor && (
            <li className="p-2">
              <button
                type="button"
                onClick={onLoadMore}
                aria-disabled={state.more === "loading" || undefined}
                className="flex h-10 w-full items-center justify-center gap-1.5 rounded-md text-sm font-medium text-brand-700 hover:bg-slate-50 aria-disabled:cursor-wait aria-disabled:text-slate-500"
              >
                {state.more === "loading" && (
                  <LoaderCircle
                    aria-hidden="true"
                    className="size-4 animate-spin motion-reduce:animate-none"
                  />
                )}
                {state.more === "failed" ? "Could not load more. Try again" : "Load more"}
              </button>
            </li>
          )}
        </ul>
      )}
    </section>
  );
}

/** One result: its thread, when, and the text around what matched; it opens the thread at the message. */
export function SearchResultLink({ hit, href, open }: { hit: SearchHit; href: string; open: boolean }) {
  const content = (
    <>
      <span className="flex items-baseline gap-2">
        {hit.thread.item && (
          <ListChecks aria-hidden="true" className="size-3.5 shrink-0 self-center text-slate-500" />
        )}
        <span className="truncate text-sm font-medium text-slate-900">
          <HighlightedText segments={hit.thread.title} />
        </span>
        <RelativeTime date={hit.createdAt} className="ml-auto shrink-0 text-xs text-slate-600" />
      </span>
      {hit.thread.subject && (
        <span className="block truncate text-sm text-slate-800">
          <HighlightedText segments={hit.thread.subject} />
        </span>
      )}
      <span className="mt-0.5 line-clamp-2 block text-sm break-words text-slate-600 [overflow-wrap:anywhere]">
        {hit.authorName && !hit.system && (
          <span className="text-slate-700">
            {hit.internal ? "Note · " : ""}
            {hit.authorName.split(" ")[0]}:{" "}
          </span>
        )}
        <HighlightedText segments={hit.snippet} />
      </span>
    </>
  );
  // An item's thread opens on its own page, outside the messenger's panes.
  return hit.thread.item ? (
    <Link href={href} data-search-result className={clsx(resultRowClass, "hover:bg-slate-50")}>
      {content}
    </Link>
  ) : (
    <PaneLink
      href={href}
      pane="conversation"
      selected={open}
      data-search-result
      className={resultRowClass}
      selectedClassName="bg-slate-100"
      idleClassName="hover:bg-slate-50"
    >
      {content}
    </PaneLink>
  );
}
