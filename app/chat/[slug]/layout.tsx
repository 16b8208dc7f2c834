import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { ChatHeader } from "@/components/chat/chat-header";
import { ChatRealtime } from "@/components/chat/chat-realtime";
import { EmbedBridge } from "@/components/chat/embed-bridge";
import { getDb } from "@/db";
import { getChatActor } from "@/lib/chat/session-cookie";
import { realtimeClientConfig } from "@/lib/realtime/client-config";
import { findWorkspaceBySlug } from "@/lib/workspaces";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const workspace = await findWorkspaceBySlug(await getDb(), (await params).slug);
  return { title: workspace ? `Chat with ${workspace.name}` : "Chat" };
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
  const workspace = await findWorkspaceBySlug(await getDb(), (await params).slug);
  if (!workspace) notFound();
  const actor = await getChatActor(workspace.id);
  return (
    <div className="flex h-dvh flex-col bg-slate-50">
      <ChatHeader slug={workspace.slug} workspaceName={workspace.name} signedInAs={actor?.email} />
      <EmbedBridge />
      <main className="flex min-h-0 flex-1 flex-col">
        {actor ? <ChatRealtime config={realtimeClientConfig()}>{children}</ChatRealtime> : children}
      </main>
    </div>
  );
}
