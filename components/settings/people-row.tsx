import Link from "next/link";
import type { ReactNode } from "react";
import { Avatar } from "@/components/ui/avatar";

/** A label beside a person's name: their role, or that their access is off. */
export function PersonBadge({ tone, children }: { tone: "neutral" | "off"; children: ReactNode }) {
  return (
    <span
      className={
        tone === "off"
          ? "rounded bg-red-50 px-1.5 py-0.5 text-xs font-medium text-red-800 ring-1 ring-red-200"
          : "rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700"
      }
    >
      {children}
    </span>
  );
}

/**
 * One person in the Team and Customers pages' lists: who they are, their badges, and the button that changes
 * their access. On a phone the button drops below the name rather than squeezing it.
 */
export function PersonRow({
  name,
  href,
  email,
  badges,
  detail,
  action,
}: {
  name: string;
  /** Where the name leads: the person's own page. */
  href?: string;
  email: string;
  badges?: ReactNode;
  detail?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3">
      <Avatar name={name} />
      <div className="min-w-0 flex-1 basis-48">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
          {href ? (
            <Link href={href} className="truncate text-sm font-medium text-brand-700 hover:underline">
              {name}
            </Link>
          ) : (
            <span className="truncate text-sm font-medium text-slate-900">{name}</span>
          )}
          {badges}
        </p>
        <p className="truncate text-sm text-slate-600">
          {email}
          {detail}
        </p>
      </div>
      {/* May shrink, so that a row of several controls wraps on a phone rather than running off it. */}
      {action && <div className="ml-auto min-w-0 max-w-full">{action}</div>}
    </li>
  );
}
