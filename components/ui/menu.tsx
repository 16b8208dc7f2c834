"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import type { ReactNode } from "react";

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
export function MenuRoot({ children }: { children: ReactNode }) {
  return <DropdownMenu.Root modal={false}>{children}</DropdownMenu.Root>;
}
