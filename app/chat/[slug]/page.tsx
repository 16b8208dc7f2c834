import { ChatHome } from "@/components/chat/chat-home";
import { ChatSignIn } from "@/components/chat/chat-sign-in";
import { NotifyByEmail } from "@/components/chat/notify-by-email";
import { VisitorStart } from "@/components/chat/visitor-start";
import { getDb } from "@/db";
import { chatPageContext } from "@/lib/chat/chat-context";
import { chatHomeQuery } from "@/lib/chat/chat-params";
import { REPLY_TIME_WORDS } from "@/lib/chat/reply-time";
import { getBrowserChatActor } from "@/lib/chat/session-cookie";
import { getVisitorEmailState } from "@/lib/chat/visitor-email";
import { listCustomerConversations } from "@/lib/conversations/customer-views";

const NOTICES = {
  expired: "That link has expired. Sign in for a new one, or write to us below.",
  other:
    "That link is for someone else, and this browser is signed in as another person. Sign out first to open it.",
} as const;

export default async function ChatPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, unknown>>;
}) {
  const [{ slug }, query] = await Promise.all([params, searchParams]);
  const { workspace, actor } = await chatPageContext(slug);
  const { link } = chatHomeQuery.parse(query);
  const notice = link && NOTICES[link];
  if (!actor) {
    // Signed in to another workspace's chat: say as whom, and offer the way out, before any link.
    const elsewhere = link === "other" ? await getBrowserChatActor() : null;
    if (elsewhere)
      return (
        <ChatSignIn
          slug={workspace.slug}
          workspaceName={workspace.name}
          notice={`${notice} (Signed in as ${elsewhere.email ?? "a visitor"}.)`}
          offerSignOut
        />
      );
    return (
      <VisitorStart
        slug={workspace.slug}
        workspaceName={workspace.name}
        greeting={workspace.chatGreeting}
        replyTime={REPLY_TIME_WORDS[workspace.chatReplyTime]}
        notice={notice}
      />
    );
  }

  const db = await getDb();
  const [conversations, visitor] = await Promise.all([
    listCustomerConversations(db, { actor }),
    getVisitorEmailState(db, actor),
  ]);
  return (
    <>
      {notice && (
        <p role="status" className="bg-amber-50 px-4 py-2 text-center text-xs text-amber-900">
          {notice}
        </p>
      )}
      {actor.onlyConversationId && (
        <p className="bg-amber-50 px-4 py-2 text-center text-xs text-amber-900">
          You opened this chat from an email, so only that conversation shows. Sign out and sign in with your
          email address to see all of them or start a new one.
        </p>
      )}
      {visitor && (
        <div className="mx-auto w-full max-w-2xl">
          <NotifyByEmail {...visitor} />
        </div>
      )}
      <ChatHome
        slug={workspace.slug}
        workspaceName={workspace.name}
        conversations={conversations}
        canStart={!actor.onlyConversationId}
      />
    </>
  );
}
