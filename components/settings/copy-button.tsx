"use client";

import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * Copies `text`, and says so. Where the browser refuses the clipboard (no permission, a page that
 * is not https, an old browser), it selects the text shown in `targetId` instead and says how to
 * copy it by hand.
 */
export function CopyButton({ text, targetId, label }: { text: string; targetId: string; label: string }) {
  const [outcome, setOutcome] = useState<"copied" | "selected" | null>(null);
  useEffect(() => {
    if (outcome !== "copied") return;
    const timer = setTimeout(() => setOutcome(null), 4000);
    return () => clearTimeout(timer);
  }, [outcome]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome("copied");
    } catch {
      const target = document.getElementById(targetId);
      const selection = window.getSelection();
      if (target && selection) selection.selectAllChildren(target);
      setOutcome("selected");
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <Button variant="secondary" onClick={copy} aria-label={label}>
        <Copy aria-hidden="true" className="size-4" />
        Copy
      </Button>
      <p role="status" className="flex items-center gap-1 text-sm">
        {outcome === "copied" && (
          <span className="flex items-center gap-1 text-emerald-700">
            <Check aria-hidden="true" className="size-4" />
            Copied
          </span>
        )}
        {outcome === "selected" && (
          <span className="text-slate-700">
            The browser did not allow copying: it is selected, press Ctrl+C (⌘C on a Mac).
          </span>
        )}
      </p>
    </div>
  );
}
