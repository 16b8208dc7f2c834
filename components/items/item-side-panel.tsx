"use client";

import clsx from "clsx";
import { ChevronDown } from "lucide-react";
import { type ReactNode, useState } from "react";

/**
 * The item's details and followers: a column beside the thread on a wide screen; on a phone, folded
 * under a button above the thread, so the thread keeps the screen. Rendered once either way.
 */
export function ItemSidePanel({ summary, children }: { summary: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="min-h-0 border-b border-slate-200 lg:col-start-2 lg:row-start-2 lg:border-b-0 lg:border-l lg:bg-slate-50">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="item-side-panel"
        onClick={() => setOpen(!open)}
        className="flex w-full items-center justify-between px-4 py-2 text-sm font-medium text-slate-800 lg:hidden"
      >
        {summary}
        <ChevronDown
          aria-hidden="true"
          className={clsx("size-4 transition-transform", open && "rotate-180")}
        />
      </button>
      <section
        id="item-side-panel"
        aria-label="Details and followers"
        className={clsx(
          "max-h-[50dvh] overflow-y-auto px-4 pb-4 pt-1 lg:block lg:h-full lg:max-h-none lg:pt-4",
          open ? "block" : "hidden",
        )}
      >
        {children}
      </section>
    </div>
  );
}
