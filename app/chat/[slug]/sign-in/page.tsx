import Link from "next/link";
import { redirect } from "next/navigation";
import { ChatSignIn } from "@/components/chat/chat-sign-in";
import { RedeemSignInLink } from "@/components/chat/redeem-sign-in-link";
import { getDb } from "@/db";
import { chatPageContext } from "@/lib/chat/chat-context";
import { signInLinkQuery } from "@/lib/chat/chat-params";
import { getBrowserChatActor } from "@/lib/chat/session-cookie";
import { peekCustomerSignInLink } from "@/lib/chat/sign-in-links";

/**
 * Signing in to the chat, for someone who has chatted before: without a token, the form that
 * emails a link; with one, where that link lands. Opening a link uses nothing: mail scanners that
 * fetch links would otherwise spend the single use. The customer's click on the button does.
 */
export default async function ChatSignInLinkPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, unknown>>;
}) {
  const [{ slug }, query] = await Promise.all([params, searchParams]);
  const { workspace, actor } = await chatPageContext(slug);
  const { token } = signInLinkQuery.parse(query);
  // No token at all is the form; a token that cannot be read (repeated, too long) is a dead link.
  if (query.token === undefined) {
    // Signed in with an address already: nothing to sign in to. A visitor may sign in as themselves.
    if (actor?.email) redirect(`/chat/${workspace.slug}`);
    return <ChatSignIn slug={workspace.slug} workspaceName={workspace.name} />;
  }
  const link =
    token &&
    (await peekCustomerSignInLink(await getDb(), {
      workspaceId: workspace.id,
      token,
      browserCustomerId: actor?.customerId ?? null,
    }));
  // Whoever this browser's chat session is for, in any workspace: the button would replace it. A
  // visitor confirming their own address on the browser they wrote from is no one else.
  const current = await getBrowserChatActor();
  const replaces =
    link &&
    current &&
    current.email !== null &&
    (current.workspaceId !== workspace.id || current.email !== link.email);

  return (
    <div className="mx-auto max-w-sm space-y-4 px-6 py-10 text-center">
      {link ? (
        <>
          <h2 className="text-lg font-semibold text-slate-900">
            {link.confirmsVisitor ? "Confirm your email address" : "Continue to your conversations"}
          </h2>
          <p className="text-sm text-slate-600">
            {link.confirmsVisitor ? "Replies will reach you at " : "Signing in as "}
            <strong className="text-slate-900">{link.email}</strong>.
          </p>
          {replaces && (
            <p
              role="note"
              className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-left text-sm text-amber-900"
            >
              This browser is signed in to a chat as <strong>{current.email}</strong>. Continuing signs them
              out here.
            </p>
          )}
          <RedeemSignInLink
            slug={workspace.slug}
            token={token}
            label={
              replaces
                ? `Sign out ${current.email} and continue`
                : link.confirmsVisitor
                  ? "Confirm my email"
                  : undefined
            }
          />
        </>
      ) : (
        <>
          <h2 className="text-lg font-semibold text-slate-900">This link has expired</h2>
          <p className="text-sm text-slate-600">Each link works once, for a limited time.</p>
          <Link
            href={`/chat/${workspace.slug}/sign-in`}
            className="text-sm font-medium text-brand-700 hover:underline"
          >
            Get a new link
          </Link>
        </>
      )}
    </div>
  );
}
