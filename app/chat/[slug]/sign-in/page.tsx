import Link from "next/link";
import { RedeemSignInLink } from "@/components/chat/redeem-sign-in-link";
import { getDb } from "@/db";
import { chatPageContext } from "@/lib/chat/chat-context";
import { signInLinkQuery } from "@/lib/chat/chat-params";
import { getBrowserChatActor } from "@/lib/chat/session-cookie";
import { peekCustomerSignInLink } from "@/lib/chat/sign-in-links";

/**
 * Where an emailed sign-in link lands. Opening it uses nothing: mail scanners that fetch links
 * would otherwise spend the single use. The customer's click on the button does.
 */
export default async function ChatSignInLinkPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, unknown>>;
}) {
  const [{ slug }, query] = await Promise.all([params, searchParams]);
  const { workspace } = await chatPageContext(slug);
  const { token } = signInLinkQuery.parse(query);
  const link = token && (await peekCustomerSignInLink(await getDb(), { workspaceId: workspace.id, token }));
  // Whoever this browser's chat session is for, in any workspace: the button would replace it.
  const current = await getBrowserChatActor();
  const replaces = link && current && (current.workspaceId !== workspace.id || current.email !== link.email);

  return (
    <div className="mx-auto max-w-sm space-y-4 px-6 py-10 text-center">
      {link ? (
        <>
          <h2 className="text-lg font-semibold text-slate-900">Continue to your conversations</h2>
          <p className="text-sm text-slate-600">
            Signing in as <strong className="text-slate-900">{link.email}</strong>.
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
            label={replaces ? `Sign out ${current.email} and continue` : undefined}
          />
        </>
      ) : (
        <>
          <h2 className="text-lg font-semibold text-slate-900">This link has expired</h2>
          <p className="text-sm text-slate-600">Sign-in links work once, within 30 minutes.</p>
          <Link
            href={`/chat/${workspace.slug}`}
            className="text-sm font-medium text-brand-700 hover:underline"
          >
            Get a new link
          </Link>
        </>
      )}
    </div>
  );
}
