import { MessagesSquare } from "lucide-react";
import type { Metadata } from "next";
import { DraftConversation } from "@/components/messenger/draft-conversation";
import { MessengerShell } from "@/components/messenger/messenger-shell";
import { requireTeamActor } from "@/lib/auth/session";
import { messengerParams } from "@/lib/conversations/messenger-params";

export const metadata: Metadata = { title: "Messenger" };

export default async function MessengerPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, unknown>>;
}) {
  const actor = await requireTeamActor();
  const { view, cursor, draft } = messengerParams.parse(await searchParams);
  return (
    <MessengerShell
      actor={actor}
      view={draft === "customer" ? "open" : draft ? "sent" : view}
      cursor={cursor}
      draft={Boolean(draft)}
    >
      {draft ? (
        <DraftConversation kind={draft === "customer" ? "customer" : "internal"} />
      ) : (
        <div className="flex flex-1 flex-col items-center justify-center gap-2 p-8 text-center">
          <MessagesSquare aria-hidden="true" className="size-10 text-slate-300" />
          <p className="font-medium text-slate-800">Pick a conversation</p>
          <p className="max-w-xs text-sm text-slate-600">
            Or start a new one with Add → Conversation with customer, or with user.
          </p>
        </div>
      )}
    </MessengerShell>
  );
}
