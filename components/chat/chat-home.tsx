"use client";

import clsx from "clsx";
import { MessageCirclePlus, MessagesSquare, Send } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { startChatConversationAction } from "@/app/chat/[slug]/actions";
import { MessageInput } from "@/components/messenger/message-input";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { RelativeTime } from "@/components/ui/relative-time";
import type { CustomerConversationRow } from "@/lib/conversations/customer-views";
import { STATUS_LABELS } from "@/lib/items/item-fields";
import { useFirstMessage } from "./use-first-message";

/** A signed-in customer's start page: their conversations, and a way to start one. */
export function ChatHome({
  slug,
  workspaceName,
  conversations,
  canStart,
}: {
  slug: string;
  workspaceName: string;
  conversations: CustomerConversationRow[];
  canStart: boolean;
}) {
  const [composing, setComposing] = useState(false);
  return (
    <div className="mx-auto flex h-full w-full min-w-0 max-w-2xl flex-col">
      <div className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-3">
        <h2 className="min-w-0 truncate text-base font-semibold text-slate-900">Your conversations</h2>
        {canStart && !composing && (
          <Button className="ml-auto shrink-0 whitespace-nowrap" onClick={() => setComposing(true)}>
            <MessageCirclePlus aria-hidden="true" className="size-4" />
            New conversation
          </Button>
        )}
      </div>
      {composing && <NewConversation slug={slug} onCancel={() => setComposing(false)} />}
      <ul aria-label="Conversations" className="min-h-0 flex-1 overflow-y-auto bg-white">
        {conversations.map((row) => (
          <li key={row.id} className="border-b border-slate-100">
            <Link
              href={`/chat/${slug}/c/${row.id}`}
              className="flex min-w-0 items-start gap-3 px-4 py-3 hover:bg-slate-50 focus-visible:-outline-offset-2"
            >
              <TeamAvatars names={row.team} fallback={workspaceName} />
              <span className="flex min-w-0 flex-1 flex-col gap-0.5">
                {row.ticket && (
                  <span className="truncate text-sm font-medium text-slate-900">
                    Ticket #{row.ticket.number}: {row.ticket.title}
                  </span>
                )}
                <span className="flex min-w-0 items-baseline gap-2">
                  <span
                    className={clsx(
                      "min-w-0 flex-1 truncate text-sm",
                      row.unread ? "font-semibold text-slate-900" : "text-slate-800",
                    )}
                  >
                    {row.preview
                      ? `${row.preview.mine ? "You" : row.preview.authorName}: ${row.preview.body}`
                      : row.ticket
                        ? "No replies yet"
                        : "Conversation"}
                  </span>
                  <RelativeTime date={row.lastMessageAt} className="shrink-0 text-xs text-slate-500" />
                </span>
                <span className="flex items-center gap-2 text-xs text-slate-600">
                  {row.ticket
                    ? STATUS_LABELS[row.ticket.status]
                    : row.status === "closed"
                      ? "Closed"
                      : "Open"}
                  {row.unread && (
                    <span className="ml-auto rounded-full bg-brand-600 px-1.5 py-0.5 text-[11px] font-semibold text-white">
                      New reply
                    </span>
                  )}
                </span>
              </span>
            </Link>
          </li>
        ))}
        {conversations.length === 0 && !composing && (
          <li className="flex flex-col items-center gap-2 px-6 py-12 text-center">
            <MessagesSquare aria-hidden="true" className="size-8 text-slate-400" />
            <p className="text-sm font-medium text-slate-800">No conversations yet</p>
            <p className="text-sm text-slate-600">Start one, and the team will reply here and by email.</p>
          </li>
        )}
      </ul>
    </div>
  );
}

function NewConversation({ slug, onCancel }: { slug: string; onCancel: () => void }) {
  const { body, setBody, error, pending, submit } = useFirstMessage(slug, async (input) => {
    const result = await startChatConversationAction(input);
    return result.ok ? { conversationId: result.data.conversationId } : { message: result.message };
  });

  return (
    <form
      aria-label="New conversation"
      className="space-y-2 border-b border-slate-200 bg-white p-4"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <p className="text-sm text-slate-700">How can we help?</p>
      <FormError message={error} />
      <MessageInput value={body} onChange={setBody} onSubmit={submit} placeholder="Write your message…" />
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          <Send aria-hidden="true" className="size-4" />
          {pending ? "Sending…" : "Send"}
        </Button>
      </div>
    </form>
  );
}

/**
 * Who on the team the customer talks to here: the avatars of those who replied, overlapping,
 * newest on top; the workspace's own before anyone has.
 */
function TeamAvatars({ names, fallback }: { names: string[]; fallback: string }) {
  const shown = names.length > 0 ? names.slice(0, 2) : [fallback];
  return (
    <span className="mt-0.5 flex w-10 shrink-0 -space-x-4">
      {shown.map((name) => (
        <span key={name} className="flex rounded-full ring-2 ring-white">
          <Avatar name={name} size="sm" />
        </span>
      ))}
    </span>
  );
}
