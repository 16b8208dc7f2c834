"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import { type ReactNode, useEffect, useRef } from "react";

export const menuItemClass =
  "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100 data-[disabled]:cursor-not-allowed data-[disabled]:text-slate-500";

/**
 * The floating panel of a dropdown menu, styled once for every menu. It stays in its place in the
 * page (no portal), inside its landmark; with `MenuRoot` nothing else is hidden from assistive
 * technology while it is open, so the page never holds focusable content under aria-hidden.
 */
export function MenuContent({ align, children }: { align: "start" | "end"; children: ReactNode }) {
  return (
    <DropdownMenu.Content
      align={align}
      sideOffset={6}
      className="z-50 min-w-56 rounded-md border border-slate-200 bg-white p-1 shadow-lg"
    >
      {children}
    </DropdownMenu.Content>
  );
}

/** A dropdown menu that does not make the rest of the page inert: Escape, Tab or a click outside close it. */
export function MenuRoot({ children, defaultOpen }: { children: ReactNode; defaultOpen?: boolean }) {
  return (
    <DropdownMenu.Root modal={false} defaultOpen={defaultOpen}>
      {children}
    </DropdownMenu.Root>
  );
}

/** One line of a menu given as data (menu-button.tsx), so that its page need not import Radix to describe it. */
export type MenuEntry =
  | { kind: "label"; text: string; className: string }
  | { kind: "separator" }
  | { kind: "link"; href: string; icon: ReactNode; text: string }
  | { kind: "action"; onSelect: () => void; icon: ReactNode; text: string };

/** The button that opens a menu: its accessible name (when its content does not give one), look and content. */
export type MenuTrigger = {
  label?: string;
  title?: string;
  className: string;
  disabled?: boolean;
  children: ReactNode;
};

/** What made MenuButton load its menu: a press (with the pointer, or of a key) or only the focus or a hover. */
export type MenuWish =
  | { press: "pointer" }
  | { press: "key"; key: string }
  | { press: null; focused: boolean };

/**
 * A whole dropdown menu, as MenuButton loads it in place of its plain button. A press that came
 * before the code is carried out now: the pointer's opens the menu; a key's is sent again to the
 * button, so that Radix does what it does for that key (Enter opens the menu on its first item). A
 * button that had the focus passes it on.
 */
export function Menu({
  trigger,
  align,
  entries,
  wish,
}: {
  trigger: MenuTrigger;
  align: "start" | "end";
  entries: MenuEntry[];
  wish: MenuWish;
}) {
  const triggerRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const button = triggerRef.current;
    if (!button) return;
    if (wish.press === "key") {
      button.focus();
      button.dispatchEvent(new KeyboardEvent("keydown", { key: wish.key, bubbles: true }));
    } else if (wish.press === null && wish.focused && document.activeElement === document.body)
      button.focus();
  }, [wish]);
  return (
    <MenuRoot defaultOpen={wish.press === "pointer"}>
      <DropdownMenu.Trigger
        ref={triggerRef}
        aria-label={trigger.label}
        title={trigger.title}
        disabled={trigger.disabled}
        className={trigger.className}
      >
        {trigger.children}
      </DropdownMenu.Trigger>
      <MenuContent align={align}>
        {entries.map((entry, index) => {
          const key = `${entry.kind}-${index}`;
          if (entry.kind === "label")
            return (
              <DropdownMenu.Label key={key} className={entry.className}>
                {entry.text}
              </DropdownMenu.Label>
            );
          if (entry.kind === "separator")
            return <DropdownMenu.Separator key={key} className="my-1 h-px bg-slate-200" />;
          if (entry.kind === "link")
            return (
              <DropdownMenu.Item key={key} asChild className={menuItemClass}>
                <Link href={entry.href}>
                  {entry.icon}
                  {entry.text}
                </Link>
              </DropdownMenu.Item>
            );
          return (
            <DropdownMenu.Item key={key} onSelect={entry.onSelect} className={menuItemClass}>
              {entry.icon}
              {entry.text}
            </DropdownMenu.Item>
          );
        })}
      </MenuContent>
    </MenuRoot>
  );
}
