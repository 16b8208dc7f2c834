"use client";

import { ArrowLeft, LogOut, MonitorX, MoreVertical, X } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useTransition } from "react";
import { signOutOfChatAction, signOutOfChatEverywhereAction } from "@/app/chat/[slug]/actions";
import { MenuButton } from "@/components/ui/menu-button";
import { closeWidget, useEmbedded } from "./embed-bridge";

const iconButton =
  "inline-flex size-9 shrink-0 items-center justify-center rounded-md text-brand-50 hover:bg-brand-600 focus-visible:outline-white disabled:opacity-60";

/**
 * The chat page's one bar: the way back to all conversations (inside one), whose chat this is,
 * and the account menu. In the widget it is the panel's only header, and carries the panel's close
 * button too (the widget shows none of its own once the page is there).
 */
export function ChatHeader({
  slug,
  workspaceName,
  signedInAs,
  visitor = false,
  replyTime,
}: {
  slug: string;
  workspaceName: string;
  signedInAs?: string;
  /** Chatting as a visitor (no confirmed address): the menu offers only to leave. */
  visitor?: boolean;
  /** The workspace's usual reply time, in words (lib/chat/reply-time.ts). */
  replyTime?: string;
}) {
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const embedded = useEmbedded();
  const inConversation = /^\/chat\/[^/]+\/c\//.test(usePathname() ?? "");
  return (
    <header className="bg-brand-700 text-white">
      {/* As wide as the page's column, so that on a wide screen the bar lines up with what it is for. */}
      <div className="mx-auto flex min-h-12 w-full max-w-2xl items-center gap-1 px-2">
        {inConversation ? (
          <Link
            href={`/chat/${slug}`}
            aria-label="All conversations"
            title="All conversations"
            className={iconButton}
          >
            <ArrowLeft aria-hidden="true" className="size-5" />
          </Link>
        ) : (
          <span aria-hidden="true" className="w-2" />
        )}
        <h1 className="min-w-0 flex-1 truncate text-base font-semibold">{workspaceName}</h1>
        {!embedded && (signedInAs || replyTime) && (
          <p className="hidden truncate px-2 text-xs text-brand-100 sm:block">
            {signedInAs ? `Signed in as ${signedInAs}` : replyTime}
          </p>
        )}
        {(signedInAs || visitor) && (
          <MenuButton
            align="end"
            trigger={{
              label: "Account menu",
              title: "Account",
              disabled: pending,
              className: iconButton,
              children: <MoreVertical aria-hidden="true" className="size-5" />,
            }}
            entries={[
              {
                kind: "label",
                text: signedInAs ? `Signed in as ${signedInAs}` : "Chatting as a visitor",
                className: "max-w-64 truncate px-3 py-1.5 text-xs text-slate-600",
              },
              {
                kind: "action",
                onSelect: () => startTransition(async () => void (await signOutOfChatAction({ slug }))),
                icon: <LogOut aria-hidden="true" className="size-4" />,
                text: "Sign out",
              },
              ...(signedInAs
                ? [
                    {
                      kind: "action",
                      onSelect: () =>
                        startTransition(async () => {
                          await signOutOfChatEverywhereAction({});
                          router.refresh();
                        }),
                      icon: <MonitorX aria-hidden="true" className="size-4" />,
                      text: "Sign out everywhere",
                    } as const,
                  ]
                : []),
            ]}
          />
        )}
        {embedded && (
          <button
            type="button"
            aria-label="Close chat"
            title="Close chat"
            onClick={closeWidget}
            className={iconButton}
          >
            <X aria-hidden="true" className="size-5" />
          </button>
        )}
      </div>
    </header>
  );
}
