/** Shown while a view or a conversation loads: the panes' shapes, so nothing jumps when they fill in. */
export default function MessengerLoading() {
  return (
    <div
      role="status"
      aria-label="Loading the messenger"
      className="grid h-full md:grid-cols-[220px_320px_1fr] lg:grid-cols-[240px_360px_1fr]"
    >
      <div className="hidden space-y-2 border-r border-slate-200 bg-white p-3 md:block">
        {[0, 1, 2].map((n) => (
          <div key={n} className="h-8 animate-pulse rounded-md bg-slate-100" />
        ))}
      </div>
      <div className="space-y-px border-r border-slate-200 bg-white">
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
      <div className="hidden bg-white md:block" />
    </div>
  );
}
