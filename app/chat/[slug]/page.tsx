import { ChatHome } from "@/components/chat/chat-home";
import { ChatLive } from "@/components/chat/chat-live";
import { ChatSignIn } from "@/components/chat/chat-sign-in";
import { getDb } from "@/db";
import { getChatActor } from "@/lib/chat/session-cookie";
import { listCustomerConversations } from "@/lib/conversations/customer-views";
import { customerChannel } from "@/lib/realtime/channels";
import { findWorkspaceBySlug } from "@/lib/workspaces";

const NOTICES: Record<string, string> = {
  expired: "That link has expired. Enter your email address for a new one.",
  other: "That link is for another customer. Sign out first to open it.",
};

export default async function ChatPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ link?: string }>;
}) {
  const db = await getDb();
  const [{ slug }, { link }] = await Promise.all([params, searchParams]);
  // The layout has already answered 404 for an unknown workspace.
  const workspace = await findWorkspaceBySlug(db, slug);
  if (!workspace) return null;
  const actor = await getChatActor(workspace.id);
  if (!actor)
    return (
      <ChatSignIn
        slug={workspace.slug}
        workspaceName={workspace.name}
        notice={link ? NOTICES[link] : undefined}
      />
    );

  const conversations = await listCustomerConversations(db, { actor });
  const notice = link ? NOTICES[link] : undefined;
  return (
    <>
      {notice && (
        <p role="status" className="bg-amber-50 px-4 py-2 text-center text-xs text-amber-900">
          {notice}
        </p>
      )}
      {/* A session from an email's link sees one conversation, and may not listen to all of them. */}
      {!actor.onlyConversationId && <ChatLive customerChannel={customerChannel(actor.customerId)} />}
      {actor.onlyConversationId && (
        <p className="bg-amber-50 px-4 py-2 text-center text-xs text-amber-900">
          You opened this chat from an email, so only that conversation shows. Sign out and sign in with your
          email address to see all of them or start a new one.
        </p>
      )}
      <ChatHome slug={workspace.slug} conversations={conversations} canStart={!actor.onlyConversationId} />
    </>
  );
}
