/** Rows shaped like conversations, shown while the list loads, so nothing jumps when it fills in. */
export function ListSkeleton() {
  return (
    <div role="status" aria-label="Loading conversations" className="space-y-px">
      {[0, 1, 2, 3, 4, 5].map((n) => (
        <div key={n} className="flex gap-3 px-4 py-3">
          <div className="size-9 animate-pulse rounded-full bg-slate-100" />
          <div className="flex-1 space-y-2">
            <div className="h-3 w-1/2 animate-pulse rounded bg-slate-100" />
            <div className="h-3 w-3/4 animate-pulse rounded bg-slate-100" />
          </div>
        </div>
      ))}
    </div>
  );
}
