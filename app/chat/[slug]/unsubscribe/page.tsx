import Link from "next/link";
import { redirect } from "next/navigation";
import { chatPageContext } from "@/lib/chat/chat-context";
import { unsubscribeQuery } from "@/lib/chat/chat-params";
import { oneClickPageOfOldLink } from "@/lib/chat/unsubscribe";
import { getEnv } from "@/lib/env";

/**
 * Where the Unsubscribe link of older customer emails lands: on to the one-click link's page for
 * the same customer, where the choice is made (app/unsubscribe/[token]).
 */
export default async function OldUnsubscribePage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, unknown>>;
}) {
  const [{ slug }, query] = await Promise.all([params, searchParams]);
  const { workspace } = await chatPageContext(slug);
  const { t: token } = unsubscribeQuery.parse(query);
  const oneClickPage =
    token && oneClickPageOfOldLink({ token, workspaceId: workspace.id }, getEnv().AUTH_SECRET);
  if (oneClickPage) redirect(oneClickPage);
  return (
    <div className="mx-auto max-w-sm space-y-4 px-6 py-10 text-center">
      <h2 className="text-lg font-semibold text-slate-900">This link is not valid</h2>
      <p className="text-sm text-slate-600">
        Use the Unsubscribe link in a recent email from {workspace.name}.
      </p>
      <Link href={`/chat/${workspace.slug}`} className="text-sm font-medium text-brand-700 hover:underline">
        Go to the chat
      </Link>
    </div>
  );
}
