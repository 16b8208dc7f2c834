import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ChatHeader } from "@/components/chat/chat-header";
import { ChatRealtime } from "@/components/chat/chat-realtime";
import { EmbedBridge } from "@/components/chat/embed-bridge";
import { chatPageContext, getChatContext } from "@/lib/chat/chat-context";
import { realtimeClientConfig } from "@/lib/realtime/client-config";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const context = await getChatContext((await params).slug);
  return { title: context ? `Chat with ${context.workspace.name}` : "Chat not available" };
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
  return (
    <div className="flex h-dvh flex-col bg-slate-50">
      <ChatHeader slug={workspace.slug} workspaceName={workspace.name} signedInAs={actor?.email} />
      <EmbedBridge />
      <main className="flex min-h-0 flex-1 flex-col">
        {actor ? <ChatRealtime config={realtimeClientConfig("customer")}>{children}</ChatRealtime> : children}
      </main>
    </div>
  );
}
