"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { ChevronDown, LogOut, Mail, MonitorX, Settings } from "lucide-react";
import Link from "next/link";
import { signOutAction, signOutEverywhereAction } from "@/app/(auth)/actions";
import { forgetThisBrowser } from "@/components/push/forget-this-browser";
import { Avatar } from "@/components/ui/avatar";
import { MenuContent, MenuRoot, menuItemClass } from "@/components/ui/menu";

export function UserMenu({ name, showMailbox }: { name: string; showMailbox: boolean }) {
  return (
    <MenuRoot>
      <DropdownMenu.Trigger
        aria-label={`${name}, account menu`}
        className="flex items-center gap-2 rounded-md px-1.5 py-1 text-sm text-slate-700 hover:bg-slate-100"
      >
        <Avatar name={name} size="sm" />
        <span className="hidden sm:inline">{name}</span>
        <ChevronDown aria-hidden="true" className="hidden size-4 text-slate-500 sm:block" />
      </DropdownMenu.Trigger>
      <MenuContent align="end">
        <DropdownMenu.Label className="px-2 py-1.5 text-xs font-medium text-slate-600">
          Signed in as {name}
        </DropdownMenu.Label>
        <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
        <DropdownMenu.Item asChild className={menuItemClass}>
          <Link href="/settings/notifications">
            <Settings aria-hidden="true" className="size-4" />
            Settings
          </Link>
        </DropdownMenu.Item>
        {showMailbox && (
          <DropdownMenu.Item asChild className={menuItemClass}>
            <Link href="/dev/mailbox">
              <Mail aria-hidden="true" className="size-4" />
              Dev mailbox
            </Link>
          </DropdownMenu.Item>
        )}
        <DropdownMenu.Item
          onSelect={async () => {
            await forgetThisBrowser();
            await signOutAction();
          }}
          className={menuItemClass}
        >
          <LogOut aria-hidden="true" className="size-4" />
          Sign out
        </DropdownMenu.Item>
        <DropdownMenu.Item onSelect={() => signOutEverywhereAction({})} className={menuItemClass}>
          <MonitorX aria-hidden="true" className="size-4" />
          Sign out everywhere
        </DropdownMenu.Item>
      </MenuContent>
    </MenuRoot>
  );
}
