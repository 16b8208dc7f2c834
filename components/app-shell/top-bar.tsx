import { MessagesSquare } from "lucide-react";
import Link from "next/link";
import { MessengerNavLink } from "./messenger-nav-link";
import { NavLink } from "./nav-link";
import { UserMenu } from "./user-menu";

export function TopBar({
  workspaceName,
  unread,
  userName,
  showMailbox,
  showCustomers,
  userChannel,
}: {
  workspaceName: string;
  unread: number;
  userName: string;
  showMailbox: boolean;
  /** The customers' page is the admins'. */
  showCustomers: boolean;
  userChannel: string;
}) {
  return (
    <header
      data-top-bar
      className="flex h-12 shrink-0 items-center gap-2 border-b border-slate-200 bg-white px-3 sm:gap-4 sm:px-4"
    >
      <Link href="/messenger" className="flex min-w-0 items-center gap-2 font-semibold text-slate-900">
        <MessagesSquare aria-hidden="true" className="size-5 shrink-0 text-brand-600" />
        <span className="truncate">{workspaceName}</span>
      </Link>
      <nav aria-label="Main" className="flex items-center gap-1">
        <MessengerNavLink initialUnread={unread} userChannel={userChannel} />
        <NavLink href="/items">Items</NavLink>
        {showCustomers && <NavLink href="/customers">Customers</NavLink>}
      </nav>
      <div className="ml-auto">
        <UserMenu name={userName} showMailbox={showMailbox} />
      </div>
    </header>
  );
}
