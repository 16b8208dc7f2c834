"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Plus, UserRound, UsersRound } from "lucide-react";
import { useRouter } from "next/navigation";
import { buttonClass } from "@/components/ui/button";
import { MenuContent, MenuRoot, menuItemClass } from "@/components/ui/menu";

export function AddMenu() {
  const router = useRouter();
  return (
    <MenuRoot>
      <DropdownMenu.Trigger className={buttonClass("primary", "w-full")}>
        <Plus aria-hidden="true" className="size-4" />
        Add
      </DropdownMenu.Trigger>
      <MenuContent align="start">
        <DropdownMenu.Item
          className={menuItemClass}
          onSelect={() => router.push("/messenger?view=sent&draft=user")}
        >
          <UsersRound aria-hidden="true" className="size-4" />
          Conversation with user
        </DropdownMenu.Item>
        <DropdownMenu.Item
          className={menuItemClass}
          onSelect={() => router.push("/messenger?view=open&draft=customer")}
        >
          <UserRound aria-hidden="true" className="size-4" />
          Conversation with customer
        </DropdownMenu.Item>
      </MenuContent>
    </MenuRoot>
  );
}
