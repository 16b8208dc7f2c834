import { ThreadSkeleton } from "@/components/messenger/thread-skeleton";

/** The item page's shape (title bar, thread, side panel) while it loads. */
export default function ItemLoading() {
  return (
    <div className="grid h-full grid-cols-1 bg-white lg:grid-cols-[minmax(0,1fr)_22rem]">
      <ThreadSkeleton label="Loading item" />
      <div aria-hidden="true" className="hidden space-y-4 border-l border-slate-200 p-4 lg:block">
        <div className="h-4 w-24 animate-pulse rounded bg-slate-100" />
        <div className="h-9 animate-pulse rounded bg-slate-100" />
        <div className="h-9 animate-pulse rounded bg-slate-100" />
        <div className="h-4 w-32 animate-pulse rounded bg-slate-100" />
        <div className="h-9 animate-pulse rounded bg-slate-100" />
      </div>
    </div>
  );
}
