"use client";

import { Search, X } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { searchMessagesAction } from "@/app/(app)/messenger/actions";
import type { SearchHit } from "@/lib/search/search-messages";
import { SearchResults } from "./search-results";

// Searching waits for a pause in the typing; Enter searches at once.
const DEBOUNCE_MS = 250;

export type SearchState =
  | { status: "loading"; query: string }
  | { status: "failed"; query: string; message: string }
  | {
      status: "done";
      query: string;
      hits: SearchHit[];
      nextCursor: string | null;
      more: "idle" | "loading" | "failed";
    };

/**
 * The messenger's Search, at the top of the list pane: while a search is active its results take
 * the list's place (`children`). The search is in the address (`?q=`), so a result opened and
 * Back, or a reload, shows the same results. Escape or the X clears it.
 */
export function MessageSearch({ children }: { children: ReactNode }) {
  const params = useSearchParams();
  const [text, setText] = useState(() => params.get("q") ?? "");
  const [active, setActive] = useState(() => text.trim());
  const [state, setState] = useState<SearchState | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const activeRef = useRef(active);
  activeRef.current = active;
  const input = useRef<HTMLInputElement>(null);

  const search = (value: string, delay: number) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setActive(value.trim()), delay);
  };

  useEffect(() => {
    keepInAddress(active);
    if (!active) return setState(null);
    let current = true;
    setState({ status: "loading", query: active });
    searchMessagesAction({ query: active })
      .then((result) => {
        if (!current) return;
        setState(
          result.ok
            ? { status: "done", query: active, ...result.data, more: "idle" }
            : { status: "failed", query: active, message: result.message },
        );
      })
      .catch(() => {
        if (current) setState({ status: "failed", query: active, message: "Could not search. Try again." });
      });
    return () => {
      current = false;
    };
  }, [active]);

  const loadMore = async () => {
    if (state?.status !== "done" || !state.nextCursor || state.more === "loading") return;
    const { query, nextCursor } = state;
    setState({ ...state, more: "loading" });
    const result = await searchMessagesAction({ query, cursor: nextCursor }).catch(() => null);
    if (activeRef.current !== query) return;
    setState((current) =>
      current?.status !== "done"
        ? current
        : result?.ok
          ? {
              ...current,
              hits: [...current.hits, ...result.data.hits],
              nextCursor: result.data.nextCursor,
              more: "idle",
            }
          : { ...current, more: "failed" },
    );
  };

  const clear = () => {
    setText("");
    search("", 0);
    input.current?.focus();
  };

  return (
    <>
      <search className="shrink-0 border-b border-slate-200 p-2">
        <form
          className="relative"
          onSubmit={(event) => {
            event.preventDefault();
            search(text, 0);
          }}
        >
          <Search
            aria-hidden="true"
            className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-500"
          />
          <input
            ref={input}
            type="search"
            aria-label="Search"
            placeholder="Search messages, people, items"
            autoComplete="off"
            enterKeyHint="search"
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              search(event.target.value, DEBOUNCE_MS);
            }}
            onKeyDown={(event) => {
              if (event.key === "Escape" && text) {
                event.preventDefault();
                clear();
              } else if (event.key === "ArrowDown") {
                event.preventDefault();
                document.querySelector<HTMLElement>("[data-search-result]")?.focus();
              }
            }}
            className="h-10 w-full rounded-md border border-slate-300 bg-white pr-10 pl-9 text-sm text-slate-900 placeholder:text-slate-500 focus:border-brand-600 focus:outline-2 focus:outline-brand-600 [&::-webkit-search-cancel-button]:appearance-none"
          />
          {text && (
            <button
              type="button"
              aria-label="Clear"
              onClick={clear}
              className="absolute top-1/2 right-1 flex size-8 -translate-y-1/2 items-center justify-center rounded text-slate-600 hover:bg-slate-100 hover:text-slate-900"
            >
              <X aria-hidden="true" className="size-4" />
            </button>
          )}
        </form>
      </search>
      {state ? (
        <SearchResults
          state={state}
          view={params.get("view")}
          openMessageId={params.get("message")}
          onLoadMore={() => void loadMore()}
          onBackToField={() => input.current?.focus()}
        />
      ) : (
        children
      )}
    </>
  );
}

/** `?q=` follows the search without a server round trip (Next keeps its router in step with history). */
function keepInAddress(query: string) {
  const url = new URL(window.location.href);
  if ((url.searchParams.get("q") ?? "") === query) return;
  if (query) url.searchParams.set("q", query);
  else url.searchParams.delete("q");
  window.history.replaceState(null, "", url);
}
