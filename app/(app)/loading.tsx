import { Loader2 } from "lucide-react";

/** Between Messenger, Items and Settings: the top bar stays, the page below says it is coming. */
export default function TeamAppLoading() {
  return (
    <div role="status" className="flex h-full items-center justify-center gap-2 text-sm text-slate-600">
      <Loader2 aria-hidden="true" className="size-5 animate-spin text-brand-600" />
      Loading…
    </div>
  );
}
