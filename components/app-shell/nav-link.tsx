"use client";

import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { LinkPending } from "@/components/ui/link-pending";

/** `label`: the accessible name, when the text shows less than it says (a count badge). */
export function NavLink({ href, label, children }: { href: string; label?: string; children: ReactNode }) {
  const active = usePathname().startsWith(href);
  return (
    <Link
      href={href}
      aria-label={label}
      aria-current={active ? "page" : undefined}
      className={clsx(
        "flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium",
        active ? "bg-brand-50 text-brand-800" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
      )}
    >
      {children}
      <LinkPending />
    </Link>
  );
}
