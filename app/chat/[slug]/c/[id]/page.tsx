import { notFound, redirect } from "next/navigation";
import { ChatThread } from "@/components/chat/chat-thread";
import { NotifyByEmail } from "@/components/chat/notify-by-email";
import { getDb } from "@/db";
import { chatPageContext } from "@/lib/chat/chat-context";
import { getVisitorEmailState } from "@/lib/chat/visitor-email";
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
  const db = await getDb();
  const conversation = await getCustomerConversation(db, { actor, conversationId: id });
  if (!conversation) notFound();
  const visitor = await getVisitorEmailState(db, actor);

  return (
    // The way back is in the header (components/chat/chat-header.tsx): one bar above the thread.
    <div className="mx-auto flex h-full w-full max-w-2xl min-h-0 flex-col bg-white">
      {visitor && <NotifyByEmail {...visitor} />}
      {conversation.ticket && (
        <div className="flex items-baseline gap-2 border-b border-slate-200 px-4 py-2">
          <h2 className="min-w-0 flex-1 truncate text-sm font-semibold text-slate-900">
            Ticket #{conversation.ticket.number}: {conversation.ticket.title}
          </h2>
          <span className="shrink-0 text-xs text-slate-600">{STATUS_LABELS[conversation.ticket.status]}</span>
        </div>
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
