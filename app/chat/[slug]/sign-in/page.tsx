import Link from "next/link";
import { RedeemSignInLink } from "@/components/chat/redeem-sign-in-link";
import { getDb } from "@/db";
import { chatPageContext } from "@/lib/chat/chat-context";
import { signInLinkQuery } from "@/lib/chat/chat-params";
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

  return (
    <div className="mx-auto max-w-sm space-y-4 px-6 py-10 text-center">
      {link ? (
        <>
          <h2 className="text-lg font-semibold text-slate-900">Continue to your conversations</h2>
          <p className="text-sm text-slate-600">
            Signing in as <strong className="text-slate-900">{link.email}</strong>.
          </p>
          <RedeemSignInLink slug={workspace.slug} token={token} />
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
