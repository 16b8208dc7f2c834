import { MessagesSquare } from "lucide-react";
import Link from "next/link";
import { NavLink } from "./nav-link";
import { UserMenu } from "./user-menu";

export function TopBar({
  workspaceName,
  unread,
  userName,
  isAdmin,
}: {
  workspaceName: string;
  unread: number;
  userName: string;
  isAdmin: boolean;
}) {
  return (
    <header className="flex h-12 shrink-0 items-center gap-2 border-b border-slate-200 bg-white px-3 sm:gap-4 sm:px-4">
      <Link href="/messenger" className="flex min-w-0 items-center gap-2 font-semibold text-slate-900">
        <MessagesSquare aria-hidden="true" className="size-5 shrink-0 text-brand-600" />
        <span className="truncate">{workspaceName}</span>
      </Link>
      <nav aria-label="Main" className="flex items-center gap-1">
        <NavLink href="/messenger" label={unread > 0 ? `Messenger, ${unread} unread` : "Messenger"}>
          Messenger
          {unread > 0 && (
            <span
              aria-hidden="true"
              className="rounded-full bg-brand-600 px-1.5 py-0.5 text-[11px] font-semibold leading-none text-white"
            >
              {unread > 99 ? "99+" : unread}
            </span>
          )}
        </NavLink>
      </nav>
      <div className="ml-auto">
        <UserMenu name={userName} showMailbox={isAdmin} />
      </div>
    </header>
  );
}
