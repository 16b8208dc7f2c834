import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ChatThread } from "@/components/chat/chat-thread";
import { getDb } from "@/db";
import { chatPageContext } from "@/lib/chat/chat-context";
import { getCustomerConversation } from "@/lib/conversations/get-conversation";
import { STATUS_LABELS } from "@/lib/items/item-fields";
import { chatChannel } from "@/lib/realtime/channels";

export default async function ChatConversationPage({
  params,
}: {
  params: Promise<{ slug: string; id: string }>;
}) {
  const { slug, id } = await params;
  const { workspace, actor } = await chatPageContext(slug);
  if (!actor) redirect(`/chat/${workspace.slug}`);
  // Someone else's conversation, or none: the same 404, which says nothing about which.
  const conversation = await getCustomerConversation(await getDb(), { actor, conversationId: id });
  if (!conversation) notFound();

  return (
    <div className="mx-auto flex h-full w-full max-w-2xl min-h-0 flex-col bg-white">
      <div className="flex items-center gap-2 border-b border-slate-200 px-3 py-2">
        <Link
          href={`/chat/${workspace.slug}`}
          className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm text-slate-700 hover:bg-slate-100"
        >
          <ArrowLeft aria-hidden="true" className="size-4" />
          All conversations
        </Link>
        <span className="ml-auto text-xs text-slate-600">
          {conversation.ticket
            ? STATUS_LABELS[conversation.ticket.status]
            : conversation.status === "closed"
              ? "Closed"
              : "Open"}
        </span>
      </div>
      {conversation.ticket && (
        <h2 className="border-b border-slate-200 px-4 py-2 text-sm font-semibold text-slate-900">
          Ticket #{conversation.ticket.number}: {conversation.ticket.title}
        </h2>
      )}
      <ChatThread
        key={conversation.id}
        conversationId={conversation.id}
        channel={chatChannel(conversation.id, actor.customerId)}
        initialMessages={conversation.messages}
        hasEarlier={conversation.hasEarlier}
        lastReadSeq={conversation.lastReadSeq}
        closed={conversation.status === "closed"}
      />
    </div>
  );
}
