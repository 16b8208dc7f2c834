"use client";

import { Send } from "lucide-react";
import Link from "next/link";
import { MessageInput } from "@/components/messenger/message-input";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { type FirstMessageOutcome, useFirstMessage } from "./use-first-message";

/**
 * The chat page for someone with no session: the workspace's greeting and a message box, at once.
 * Their first message makes them a visitor (app/chat/[slug]/visitor/route.ts) and opens its
 * conversation. Someone who has chatted before on another browser signs in instead.
 */
export function VisitorStart({
  slug,
  workspaceName,
  greeting,
  replyTime,
  notice,
}: {
  slug: string;
  workspaceName: string;
  greeting: string;
  replyTime: string;
  notice?: string;
}) {
  const { body, setBody, error, pending, submit } = useFirstMessage(slug, (input) =>
    sendFirstMessage(slug, input),
  );

  return (
    <div className="mx-auto flex h-full w-full min-w-0 max-w-2xl flex-col">
      {notice && (
        <p role="status" className="bg-amber-50 px-4 py-2 text-center text-xs text-amber-900">
          {notice}
        </p>
      )}
      <div className="min-h-0 flex-1 overflow-y-auto px-4 py-6">
        <div className="flex items-start gap-2">
          <span className="mt-1.5">
            <Avatar name={workspaceName} size="sm" />
          </span>
          <div className="max-w-[85%] space-y-1">
            <p className="whitespace-pre-wrap break-words rounded-2xl rounded-bl-sm bg-white px-4 py-2.5 text-sm text-slate-900 shadow-sm ring-1 ring-slate-200">
              {greeting}
            </p>
            <p className="px-1 text-xs text-slate-600">{replyTime}</p>
          </div>
        </div>
      </div>
      <form
        aria-label="Start a conversation"
        className="space-y-2 border-t border-slate-200 bg-white p-3"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <FormError message={error} />
        <div className="flex items-end gap-2">
          <MessageInput
            value={body}
            onChange={setBody}
            onSubmit={submit}
            placeholder="Write your message…"
            focusOnOpen
          />
          <Button type="submit" disabled={pending} className="shrink-0">
            <Send aria-hidden="true" className="size-4" />
            {pending ? "Sending…" : "Send"}
          </Button>
        </div>
        <p className="text-center text-xs text-slate-600">
          Chatted with us before?{" "}
          <Link href={`/chat/${slug}/sign-in`} className="font-medium text-brand-700 hover:underline">
            Sign in
          </Link>{" "}
          to see your conversations.
        </p>
      </form>
    </div>
  );
}

/** Posts the first message; any failure, the network's included, comes back as words to show. */
async function sendFirstMessage(
  slug: string,
  input: { body: string; clientMessageId: string },
): Promise<FirstMessageOutcome> {
  try {
    const response = await fetch(`/chat/${encodeURIComponent(slug)}/visitor`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(input),
    });
    const answer = (await response.json().catch(() => ({}))) as { conversationId?: string; message?: string };
    if (response.ok && answer.conversationId) return { conversationId: answer.conversationId };
    return { message: answer.message ?? "Could not send your message. Try again." };
  } catch {
    return { message: "Could not reach the server. Try again." };
  }
}
