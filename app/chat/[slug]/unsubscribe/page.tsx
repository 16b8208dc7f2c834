import Link from "next/link";
import { CustomerEmailChoice } from "@/components/chat/customer-email-choice";
import { getDb } from "@/db";
import { chatPageContext } from "@/lib/chat/chat-context";
import { unsubscribeQuery } from "@/lib/chat/chat-params";
import { findUnsubscribing } from "@/lib/chat/unsubscribe";
import { getEnv } from "@/lib/env";

/** Where a customer email's Unsubscribe link lands. Opening it changes nothing; the button does. */
export default async function UnsubscribePage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, unknown>>;
}) {
  const [{ slug }, query] = await Promise.all([params, searchParams]);
  const { workspace } = await chatPageContext(slug);
  const { t: token } = unsubscribeQuery.parse(query);
  const customer =
    token &&
    (await findUnsubscribing(await getDb(), {
      workspaceId: workspace.id,
      token,
      secret: getEnv().AUTH_SECRET,
    }));

  return (
    <div className="mx-auto max-w-sm space-y-4 px-6 py-10 text-center">
      {customer ? (
        <CustomerEmailChoice
          slug={workspace.slug}
          token={token}
          email={customer.email}
          workspaceName={workspace.name}
          subscribed={customer.notifyEmail}
        />
      ) : (
        <>
          <h2 className="text-lg font-semibold text-slate-900">This link is not valid</h2>
          <p className="text-sm text-slate-600">
            Use the Unsubscribe link in a recent email from {workspace.name}.
          </p>
          <Link
            href={`/chat/${workspace.slug}`}
            className="text-sm font-medium text-brand-700 hover:underline"
          >
            Go to the chat
          </Link>
        </>
      )}
    </div>
  );
}
