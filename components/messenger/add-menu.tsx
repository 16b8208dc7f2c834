"use client";

import { Plus, UserRound, UsersRound } from "lucide-react";
import { useRouter } from "next/navigation";
import { buttonClass } from "@/components/ui/button";
import { MenuButton } from "@/components/ui/menu-button";

export function AddMenu() {
  const router = useRouter();
  return (
    <MenuButton
      align="start"
      trigger={{
        className: buttonClass("primary", "w-full"),
        children: (
          <>
            <Plus aria-hidden="true" className="size-4" />
            Add
          </>
        ),
      }}
      entries={[
        {
          kind: "action",
          onSelect: () => router.push("/messenger?view=sent&draft=user"),
          icon: <UsersRound aria-hidden="true" className="size-4" />,
          text: "Conversation with user",
        },
        {
          kind: "action",
          onSelect: () => router.push("/messenger?view=open&draft=customer"),
          icon: <UserRound aria-hidden="true" className="size-4" />,
          text: "Conversation with customer",
        },
      ]}
    />
  );
}
