import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ChatHeader } from "@/components/chat/chat-header";
import { ChatRealtime } from "@/components/chat/chat-realtime";
import { ChatUnread } from "@/components/chat/chat-unread";
import { EmbedBridge } from "@/components/chat/embed-bridge";
import { getDb } from "@/db";
import { chatPageContext, getChatContext } from "@/lib/chat/chat-context";
import { REPLY_TIME_WORDS } from "@/lib/chat/reply-time";
import { customerUnreadSummary } from "@/lib/conversations/customer-views";
import { chatChannel, customerChannel } from "@/lib/realtime/channels";
import { realtimeClientConfig } from "@/lib/realtime/client-config";

/** The customer's tab is named for the workspace they talk to ("(1) Acme Support" with a reply unread). */
export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const context = await getChatContext((await params).slug);
  return { title: { absolute: context ? context.workspace.name : "Chat not available" } };
}

/**
 * The hosted chat page, for customers: its own session (lib/chat/session-cookie.ts), never the
 * team's. While a signed-in customer has it open, they count as connected to live chat.
 */
export default async function ChatLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { workspace, actor } = await chatPageContext((await params).slug);
  const unread = actor ? await customerUnreadSummary(await getDb(), { actor }) : null;
  return (
    <div className="flex h-dvh flex-col bg-slate-50">
      <ChatHeader
        slug={workspace.slug}
        workspaceName={workspace.name}
        // Signed in by the site's identity without a confirmed address: by the name the site gave.
        signedInAs={actor?.email ?? (actor?.viaIdentity ? actor.name : undefined)}
        visitor={actor?.email === null && !actor.viaIdentity}
        // With no session, the page's own greeting says it (components/chat/visitor-start.tsx).
        replyTime={actor ? REPLY_TIME_WORDS[workspace.chatReplyTime] : undefined}
      />
      <EmbedBridge signedIn={Boolean(actor)} />
      <main id="main" tabIndex={-1} className="flex min-h-0 flex-1 flex-col focus:outline-none">
        {actor && unread ? (
          <ChatRealtime config={realtimeClientConfig("customer")}>
            <ChatUnread
              // A session from an email's link sees one conversation, and may not listen to all of them.
              channel={
                actor.onlyConversationId
                  ? chatChannel(actor.onlyConversationId, actor.customerId)
                  : customerChannel(actor.customerId)
              }
              unread={unread.unread}
              latest={unread.latest}
            />
            {children}
          </ChatRealtime>
        ) : (
          children
        )}
      </main>
    </div>
  );
}
