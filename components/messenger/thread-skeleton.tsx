/** A conversation's shape (header, a few messages, the reply box) while it loads. */
export function ThreadSkeleton({ label = "Loading conversation" }: { label?: string }) {
  return (
    <div role="status" aria-label={label} className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center gap-3 border-b border-slate-200 px-4 py-3">
        <div className="space-y-2 py-0.5">
          <div className="h-4 w-40 animate-pulse rounded bg-slate-100" />
          <div className="h-3 w-56 animate-pulse rounded bg-slate-100" />
        </div>
      </div>
      <div className="flex-1 space-y-5 overflow-hidden p-4">
        {["w-2/3", "w-1/2", "w-3/4"].map((width) => (
          <div key={width} className="flex gap-3">
            <div className="size-9 shrink-0 animate-pulse rounded-full bg-slate-100" />
            <div className="flex-1 space-y-2">
              <div className="h-3 w-24 animate-pulse rounded bg-slate-100" />
              <div className={`h-3 ${width} animate-pulse rounded bg-slate-100`} />
            </div>
          </div>
        ))}
      </div>
      <div className="border-t border-slate-200 p-3">
        <div className="h-11 animate-pulse rounded-md bg-slate-100" />
      </div>
    </div>
  );
}
