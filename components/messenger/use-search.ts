"use client";

import { useEffect, useState } from "react";
import type { ActionResult } from "@/lib/server-action";

// Apart from the "Add people" dialog (people-picker.tsx), so that a Message box, the customer's
// included, can search as one types without loading the dialog.

export type SearchAction<T> = (input: { query: string }) => Promise<ActionResult<T[]>>;

/** People matching `query` through a search action, fetched as the person types. Stale answers are ignored. */
export function useSearch<T>(query: string | null, search: SearchAction<T>) {
  const [results, setResults] = useState<T[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    if (query === null) {
      setResults([]);
      return;
    }
    let current = true;
    setLoading(true);
    const timer = setTimeout(async () => {
      const result = await search({ query });
      if (!current) return;
      setResults(result.ok ? result.data : []);
      setLoading(false);
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, search]);
  return { results, loading };
}
