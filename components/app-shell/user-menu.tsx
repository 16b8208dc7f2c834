"use client";

import { ChevronDown, LogOut, Mail, MonitorX, Settings } from "lucide-react";
import { signOutAction, signOutEverywhereAction } from "@/app/(auth)/actions";
import { forgetThisBrowser } from "@/components/push/forget-this-browser";
import { Avatar } from "@/components/ui/avatar";
import type { MenuEntry } from "@/components/ui/menu";
import { MenuButton } from "@/components/ui/menu-button";

export function UserMenu({ name, showMailbox }: { name: string; showMailbox: boolean }) {
  const entries: MenuEntry[] = [
    {
      kind: "label",
      text: `Signed in as ${name}`,
      className: "px-2 py-1.5 text-xs font-medium text-slate-600",
    },
    { kind: "separator" },
    {
      kind: "link",
      href: "/settings/notifications",
      icon: <Settings aria-hidden="true" className="size-4" />,
      text: "Settings",
    },
    ...(showMailbox
      ? [
          {
            kind: "link",
            href: "/dev/mailbox",
            icon: <Mail aria-hidden="true" className="size-4" />,
            text: "Dev mailbox",
          } as const,
        ]
      : []),
    {
      kind: "action",
      onSelect: async () => {
        await forgetThisBrowser();
        await signOutAction();
      },
      icon: <LogOut aria-hidden="true" className="size-4" />,
      text: "Sign out",
    },
    {
      kind: "action",
      onSelect: () => signOutEverywhereAction({}),
      icon: <MonitorX aria-hidden="true" className="size-4" />,
      text: "Sign out everywhere",
    },
  ];
  return (
    <MenuButton
      align="end"
      entries={entries}
      trigger={{
        label: `${name}, account menu`,
        className: "flex items-center gap-2 rounded-md px-1.5 py-1 text-sm text-slate-700 hover:bg-slate-100",
        children: (
          <>
            <Avatar name={name} size="sm" />
            <span className="hidden sm:inline">{name}</span>
            <ChevronDown aria-hidden="true" className="hidden size-4 text-slate-500 sm:block" />
          </>
        ),
      }}
    />
  );
}
