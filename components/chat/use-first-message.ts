"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { newClientId } from "@/lib/client-id";
import { characterCount, MAX_MESSAGE_LENGTH } from "@/lib/conversations/lengths";

/** What a start answers: the new conversation, or words to show. */
export type FirstMessageOutcome = { conversationId: string } | { message: string };

/**
 * The draft of a conversation's first message on the chat page (a visitor's, or a signed-in
 * customer's new one): checked before it goes, sent once however often it is pressed, and on
 * success the page moves to the new conversation.
 */
export function useFirstMessage(
  slug: string,
  start: (input: { body: string; clientMessageId: string }) => Promise<FirstMessageOutcome>,
) {
  const router = useRouter();
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  // One id per draft: a double click, or a retry after a lost answer, starts one conversation. Two
  // ids' worth, as a visitor's first message is found again by it (lib/chat/visitors.ts).
  const [clientMessageId] = useState(() => `${newClientId()}${newClientId()}`);

  const submit = () => {
    if (pending) return;
    if (!body.trim()) return setError("Write a message first.");
    if (characterCount(body) > MAX_MESSAGE_LENGTH) return setError("Shorten the message to send it.");
    setError(null);
    startTransition(async () => {
      const outcome = await start({ body, clientMessageId }).catch(() => ({
        message: "Could not reach the server. Try again.",
      }));
      if ("conversationId" in outcome) {
        router.push(`/chat/${slug}/c/${outcome.conversationId}`);
        router.refresh();
      } else setError(outcome.message);
    });
  };
  return { body, setBody, error, pending, submit };
}
