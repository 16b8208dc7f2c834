/**
 * A settings page of people lists, while it loads: a heading, then one bordered list per entry of
 * `lists` with that many rows, shaped like the rows that come, so nothing jumps when they arrive.
 */
export function PeopleListsSkeleton({ label, lists }: { label: string; lists: number[] }) {
  return (
    <div role="status" aria-label={label} className="space-y-10">
      <div className="space-y-2">
        <div className="h-6 w-24 animate-pulse rounded bg-slate-100" />
        <div className="h-4 w-3/4 animate-pulse rounded bg-slate-100" />
      </div>
      {lists.map((rows, list) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders with nothing else to key on
        <div key={list} className="space-y-3">
          <div className="h-5 w-32 animate-pulse rounded bg-slate-100" />
          <div className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
            {Array.from({ length: rows }, (_, n) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders with nothing else to key on
              <div key={n} className="flex items-center gap-3 px-4 py-3">
                <div className="size-9 animate-pulse rounded-full bg-slate-100" />
                <div className="flex-1 space-y-2">
                  <div className="h-3 w-1/3 animate-pulse rounded bg-slate-100" />
                  <div className="h-3 w-1/2 animate-pulse rounded bg-slate-100" />
                </div>
                <div className="h-9 w-24 animate-pulse rounded-md bg-slate-100" />
              </div>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
