import { Bell, Building2, MessageSquareCode, Users } from "lucide-react";
import { NavLink } from "@/components/app-shell/nav-link";

export function SettingsNav({ isAdmin }: { isAdmin: boolean }) {
  return (
    <nav aria-label="Settings" className="flex shrink-0 flex-wrap gap-1 sm:w-48 sm:flex-col">
      <NavLink href="/settings/notifications">
        <Bell aria-hidden="true" className="size-4" />
        Notifications
      </NavLink>
      {isAdmin && (
        <>
          <NavLink href="/settings/workspace">
            <Building2 aria-hidden="true" className="size-4" />
            Workspace
          </NavLink>
          <NavLink href="/settings/chat-widget">
            <MessageSquareCode aria-hidden="true" className="size-4" />
            Chat widget
          </NavLink>
          <NavLink href="/settings/team">
            <Users aria-hidden="true" className="size-4" />
            Team
          </NavLink>
        </>
      )}
    </nav>
  );
}
