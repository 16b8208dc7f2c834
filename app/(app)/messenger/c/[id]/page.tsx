import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConversationHeader } from "@/components/messenger/conversation-header";
import { MessengerShell } from "@/components/messenger/messenger-shell";
import { Thread } from "@/components/messenger/thread";
import { getDb } from "@/db";
import { requireTeamActor } from "@/lib/auth/session";
import { getConversation } from "@/lib/conversations/get-conversation";
import { messengerParams, viewLabel } from "@/lib/conversations/messenger-params";
import { firstLine } from "@/lib/conversations/views";

export const metadata: Metadata = { title: "Conversation" };

export default async function ConversationPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, unknown>>;
}) {
  const actor = await requireTeamActor();
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const { view, cursor, message } = messengerParams.parse(query);
  const conversation = await getConversation(await getDb(), { actor, conversationId: id });
  if (!conversation) notFound();

  return (
    <MessengerShell
      actor={actor}
      view={view}
      cursor={cursor}
      selectedId={conversation.id}
      openMessageId={message}
    >
      <ConversationHeader
        conversationId={conversation.id}
        kind={conversation.kind}
        status={conversation.status}
        latestSeq={conversation.messages.at(-1)?.seq ?? 0}
        muted={conversation.muted}
        canMute={conversation.isParticipant}
        people={conversation.people}
        meId={actor.userId}
        backHref={`/messenger?view=${view}`}
        backLabel={viewLabel(view)}
        item={conversation.item}
        subject={conversation.subject}
        suggestedTitle={
          conversation.subject ??
          firstLine(conversation.messages.find((message) => message.kind !== "system")?.body ?? "")
        }
      />
      <Thread
        key={conversation.id}
        conversationId={conversation.id}
        kind={conversation.kind}
        initialMessages={conversation.messages}
        hasEarlier={conversation.hasEarlier}
        meId={actor.userId}
        meIsAdmin={actor.role === "admin"}
        lastReadSeq={conversation.lastReadSeq}
      />
    </MessengerShell>
  );
}
