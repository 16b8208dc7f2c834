import { Check } from "lucide-react";
import { Button } from "@/components/ui/button";

/** The save button, with "Saved" beside it once the server has confirmed. */
export function SaveBar({ pending, saved, dirty }: { pending: boolean; saved: boolean; dirty: boolean }) {
  return (
    <div className="flex items-center gap-3 pt-4">
      <Button type="submit" disabled={pending || !dirty}>
        {pending ? "Saving…" : "Save changes"}
      </Button>
      <p role="status" className="flex items-center gap-1 text-sm text-emerald-700">
        {saved && !dirty && !pending && (
          <>
            <Check aria-hidden="true" className="size-4" />
            Saved
          </>
        )}
      </p>
    </div>
  );
}
