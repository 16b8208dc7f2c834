"use client";

import clsx from "clsx";
import Link from "next/link";
import { useRouter } from "next/navigation";
import {
  type ComponentProps,
  createContext,
  type ReactNode,
  useContext,
  useState,
  useTransition,
} from "react";
import { ListSkeleton } from "./list-skeleton";
import { ThreadSkeleton } from "./thread-skeleton";

/** Which pane a messenger link changes: a view changes the list, a row the conversation. */
type Pane = "list" | "conversation";
type Pending = { pane: Pane; href: string } | null;

const NavigationContext = createContext<{ pending: Pending; go: (href: string, pane: Pane) => void }>({
  pending: null,
  go: () => {},
});

/**
 * The messenger's panes, and what a click in them shows while the server renders the next page
 * (which can take a second on a slow link): the clicked view or row is selected at once, and the
 * pane it changes turns into a skeleton. On a phone, a clicked row opens the conversation pane
 * straight away. The router's transition says when the new page is on screen.
 */
export function MessengerPanes({
  detailOpen,
  views,
  list,
  conversation,
}: {
  detailOpen: boolean;
  views: ReactNode;
  list: ReactNode;
  conversation: ReactNode;
}) {
  const router = useRouter();
  const [navigating, startTransition] = useTransition();
  const [target, setTarget] = useState<Pending>(null);
  const pending = navigating ? target : null;
  const go = (href: string, pane: Pane) => {
    setTarget({ href, pane });
    startTransition(() => router.push(href));
  };
  const showDetail = detailOpen || pending?.pane === "conversation";
  return (
    <NavigationContext value={{ pending, go }}>
      <div
        className={clsx(
          "grid h-full grid-cols-1 md:grid-cols-[220px_320px_minmax(0,1fr)] md:grid-rows-1 lg:grid-cols-[240px_360px_minmax(0,1fr)]",
          // On a phone: Add, the list and the views' tab bar; or the open conversation alone.
          showDetail ? "grid-rows-[minmax(0,1fr)]" : "grid-rows-[auto_minmax(0,1fr)_auto]",
        )}
      >
        <h1 className="sr-only">Messenger</h1>
        <div className={clsx("md:block md:h-full", showDetail ? "hidden" : "contents")}>{views}</div>
        <div
          className={clsx(
            "min-h-0 border-slate-200 bg-white md:flex md:flex-col md:border-r",
            showDetail ? "hidden" : "flex flex-col",
          )}
        >
          {pending?.pane === "list" ? <ListSkeleton /> : list}
        </div>
        <section
          aria-label="Conversation"
          aria-busy={pending?.pane === "conversation" || undefined}
          className={clsx("min-h-0 flex-col bg-white md:flex", showDetail ? "flex" : "hidden")}
        >
          {pending?.pane === "conversation" ? <ThreadSkeleton /> : conversation}
        </section>
      </div>
    </NavigationContext>
  );
}

/**
 * A link inside the messenger's panes: a plain click goes through the panes' transition (so the
 * selection and the skeleton show at once); a click with a modifier key (new tab, new window)
 * stays the browser's. `selected` is the server's say; a pending click in the same pane wins.
 */
export function PaneLink({
  href,
  pane,
  selected,
  className,
  selectedClassName,
  idleClassName,
  ...props
}: Omit<ComponentProps<typeof Link>, "href"> & {
  href: string;
  pane: Pane;
  selected: boolean;
  selectedClassName: string;
  idleClassName: string;
}) {
  const { pending, go } = useContext(NavigationContext);
  const current = pending?.pane === pane ? pending.href === href : selected;
  return (
    <Link
      {...props}
      href={href}
      aria-current={current ? "page" : undefined}
      className={clsx(className, current ? selectedClassName : idleClassName)}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        go(href, pane);
      }}
    />
  );
}
