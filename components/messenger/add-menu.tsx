"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Plus, UserRound, UsersRound } from "lucide-react";
import { useRouter } from "next/navigation";
import { buttonClass } from "@/components/ui/button";

const itemClass =
  "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100 data-[disabled]:cursor-not-allowed data-[disabled]:text-slate-400";

export function AddMenu() {
  const router = useRouter();
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className={buttonClass("primary", "w-full")}>
        <Plus aria-hidden="true" className="size-4" />
        Add
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="start"
          sideOffset={6}
          className="z-50 min-w-56 rounded-md border border-slate-200 bg-white p-1 shadow-lg"
        >
          <DropdownMenu.Item
            className={itemClass}
            onSelect={() => router.push("/messenger?view=sent&draft=user")}
          >
            <UsersRound aria-hidden="true" className="size-4" />
            Conversation with user
          </DropdownMenu.Item>
          <DropdownMenu.Item className={itemClass} disabled>
            <UserRound aria-hidden="true" className="size-4" />
            Conversation with customer
            <span className="ml-auto text-xs">Soon</span>
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
