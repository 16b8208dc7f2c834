"use client";

import { LogOut } from "lucide-react";
import { useTransition } from "react";
import { signOutOfChatAction } from "@/app/chat/[slug]/actions";

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
  return (
    <header className="flex items-center gap-3 bg-brand-700 px-4 py-3 text-white">
      <div className="min-w-0 flex-1">
        <h1 className="truncate text-base font-semibold">{workspaceName}</h1>
        <p className="truncate text-xs text-brand-100">
          {signedInAs ? `Signed in as ${signedInAs}` : "We usually reply within a few hours"}
        </p>
      </div>
      {signedInAs && (
        <button
          type="button"
          disabled={pending}
          onClick={() => startTransition(async () => void (await signOutOfChatAction({ slug })))}
          className="inline-flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm text-brand-50 hover:bg-brand-600 disabled:opacity-60"
        >
          <LogOut aria-hidden="true" className="size-4" />
          Sign out
        </button>
      )}
    </header>
  );
}
