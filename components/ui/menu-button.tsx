"use client";

import { lazy, Suspense, startTransition, useRef, useState } from "react";
import type { MenuEntry, MenuTrigger, MenuWish } from "./menu";

const Menu = lazy(() => import("./menu").then((module) => ({ default: module.Menu })));

const OPENING_KEYS = ["Enter", " ", "ArrowDown"];

/**
 * A menu button whose menu code (Radix's dropdown menu with Floating UI, about 30 kB gzip) is
 * fetched only when someone heads for it: the pointer over the button, the focus on it, or a
 * press. Until then it is a plain button, drawn and named as the menu's own, and a press made
 * before the code has arrived is carried out once it has (components/ui/menu.tsx, Menu).
 */
export function MenuButton({
  trigger,
  align,
  entries,
}: {
  trigger: MenuTrigger;
  align: "start" | "end";
  entries: MenuEntry[];
}) {
  const [wish, setWish] = useState<MenuWish | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  // A transition keeps the plain button on screen, and working, while the code loads.
  const want = (next: MenuWish) =>
    startTransition(() => setWish((current) => (current?.press ? current : next)));

  const plain = (
    <button
      ref={button}
      type="button"
      aria-haspopup="menu"
      aria-expanded={false}
      data-state="closed"
      aria-label={trigger.label}
      title={trigger.title}
      disabled={trigger.disabled}
      className={trigger.className}
      onPointerEnter={() => want({ press: null, focused: document.activeElement === button.current })}
      onFocus={() => want({ press: null, focused: true })}
      onPointerDown={(event) => {
        if (event.button !== 0 || event.ctrlKey) return;
        // As Radix does: the focus stays where it was, and goes into the menu once it opens.
        event.preventDefault();
        want({ press: "pointer" });
      }}
      onKeyDown={(event) => {
        if (!OPENING_KEYS.includes(event.key)) return;
        event.preventDefault();
        want({ press: "key", key: event.key });
      }}
    >
      {trigger.children}
    </button>
  );
  return (
    <Suspense fallback={plain}>
      {wish ? <Menu trigger={trigger} align={align} entries={entries} wish={wish} /> : plain}
    </Suspense>
  );
}
