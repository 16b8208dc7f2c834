/** Rows shaped like the list's, so nothing jumps when it arrives. */
export default function ItemsLoading() {
  return (
    <div role="status" aria-label="Loading items" className="h-full bg-slate-50">
      <div className="mx-auto max-w-5xl space-y-4 px-3 py-4 sm:px-6 sm:py-6">
        <div className="h-8 w-56 animate-pulse rounded bg-slate-200" />
        <div className="h-9 w-full animate-pulse rounded bg-slate-200" />
        <div className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {Array.from({ length: 6 }, (_, n) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders with nothing else to key on
            <div key={n} className="space-y-2 px-4 py-3">
              <div className="h-3 w-1/2 animate-pulse rounded bg-slate-100" />
              <div className="h-3 w-1/3 animate-pulse rounded bg-slate-100" />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
