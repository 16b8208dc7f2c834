"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { ChevronDown, LogOut, MonitorX } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { signOutOfChatAction, signOutOfChatEverywhereAction } from "@/app/chat/[slug]/actions";
import { MenuContent, menuItemClass } from "@/components/ui/menu";

/** The chat page's bar: whose chat this is, and who is signed in, with a way out. */
export function ChatHeader({
  slug,
  workspaceName,
  signedInAs,
}: {
  slug: string;
  workspaceName: string;
  signedInAs?: string;
}) {
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  return (
    <header className="flex items-center gap-3 bg-brand-700 px-4 py-3 text-white">
      <div className="min-w-0 flex-1">
        <h1 className="truncate text-base font-semibold">{workspaceName}</h1>
        <p className="truncate text-xs text-brand-100">
          {signedInAs ? `Signed in as ${signedInAs}` : "We usually reply within a few hours"}
        </p>
      </div>
      {signedInAs && (
        <DropdownMenu.Root>
          <DropdownMenu.Trigger
            disabled={pending}
            className="inline-flex items-center gap-1 rounded-md px-2 py-1.5 text-sm text-brand-50 hover:bg-brand-600 disabled:opacity-60"
          >
            Account
            <ChevronDown aria-hidden="true" className="size-4" />
          </DropdownMenu.Trigger>
          <MenuContent align="end">
            <DropdownMenu.Item
              className={menuItemClass}
              onSelect={() => startTransition(async () => void (await signOutOfChatAction({ slug })))}
            >
              <LogOut aria-hidden="true" className="size-4" />
              Sign out
            </DropdownMenu.Item>
            <DropdownMenu.Item
              className={menuItemClass}
              onSelect={() =>
                startTransition(async () => {
                  await signOutOfChatEverywhereAction({});
                  router.refresh();
                })
              }
            >
              <MonitorX aria-hidden="true" className="size-4" />
              Sign out everywhere
            </DropdownMenu.Item>
          </MenuContent>
        </DropdownMenu.Root>
      )}
    </header>
  );
}
