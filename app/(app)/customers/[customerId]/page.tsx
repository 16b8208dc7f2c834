import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { CustomerActions } from "@/components/customers/customer-actions";
import { PersonBadge } from "@/components/settings/people-row";
import { Avatar } from "@/components/ui/avatar";
import { RelativeTime } from "@/components/ui/relative-time";
import { getDb } from "@/db";
import { requireAdminPage } from "@/lib/auth/session";
import { firstLine } from "@/lib/conversations/views";
import { DomainError } from "@/lib/domain-error";
import { itemRef, STATUS_LABELS } from "@/lib/items/item-fields";
import { getCustomerDetail } from "@/lib/people/customer-detail";

export const metadata: Metadata = { title: "Customer" };

export default async function CustomerPage({ params }: { params: Promise<{ customerId: string }> }) {
  const actor = await requireAdminPage("/messenger");
  const { customerId } = await params;
  const detail = await getCustomerDetail(await getDb(), { actor, customerId }).catch((error) => {
    // Another workspace's customer, or one merged away, is not found, like any unknown id.
    if (error instanceof DomainError) notFound();
    throw error;
  });
  const { customer, conversations, tickets } = detail;
  return (
    <div className="space-y-8">
      <Link
        href="/customers"
        className="inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline"
      >
        <ArrowLeft aria-hidden="true" className="size-4" />
        All customers
      </Link>
      <div className="flex flex-wrap items-start gap-4">
        <Avatar name={customer.name} />
        <div className="min-w-0 flex-1 basis-56">
          <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold text-slate-900">
            <span className="break-words">{customer.name}</span>
            {customer.email === null && <PersonBadge tone="off">Visitor</PersonBadge>}
            {customer.blocked && <PersonBadge tone="off">Blocked</PersonBadge>}
            {customer.revoked && <PersonBadge tone="off">Revoked</PersonBadge>}
          </h1>
          <p className="break-all text-sm text-slate-600">
            {customer.email ??
              (customer.pendingEmail
                ? `Gave ${customer.pendingEmail}, not confirmed yet: nothing is emailed to them until they confirm it.`
                : "No email address: replies wait on their chat page.")}
          </p>
          <p className="text-sm text-slate-600">
            Added <RelativeTime date={customer.createdAt} />
          </p>
        </div>
        <CustomerActions customer={customer} />
      </div>

      <ThreadList
        title="Conversations"
        more={conversations.more}
        empty="No conversations yet. Start one from the Messenger."
      >
        {conversations.rows.map((thread) => (
          <li key={thread.id}>
            <Link
              href={`/messenger/c/${thread.id}`}
              className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 hover:bg-slate-50"
            >
              <span className="min-w-0 flex-1 truncate text-sm font-medium text-slate-900">
                {thread.subject ?? (firstLine(thread.opening ?? "") || "Conversation")}
              </span>
              <span className="text-sm text-slate-600">
                {thread.status === "open" ? "Open" : "Closed"} · <RelativeTime date={thread.lastMessageAt} />
              </span>
            </Link>
          </li>
        ))}
      </ThreadList>

      <ThreadList title="Tickets" more={tickets.more} empty="No tickets for this customer.">
        {tickets.rows.map((ticket) => (
          <li key={ticket.id}>
            <Link
              href={`/items/${ticket.number}`}
              className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 hover:bg-slate-50"
            >
              <span className="text-sm text-slate-600">{itemRef(ticket.number)}</span>
              <span className="min-w-0 flex-1 truncate text-sm font-medium text-slate-900">
                {ticket.title}
              </span>
              <span className="text-sm text-slate-600">{STATUS_LABELS[ticket.status]}</span>
            </Link>
          </li>
        ))}
      </ThreadList>
    </div>
  );
}

/** A titled list of links, with what to say when it is empty, and a note when it is cut short. */
function ThreadList({
  title,
  more,
  empty,
  children,
}: {
  title: string;
  more: boolean;
  empty: string;
  children: ReactNode[];
}) {
  const id = `${title.toLowerCase()}-heading`;
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      {children.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
          {empty}
        </p>
      ) : (
        <ul
          aria-labelledby={id}
          className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white"
        >
          {children}
        </ul>
      )}
      {more && <p className="text-sm text-slate-600">Showing the newest {children.length}.</p>}
    </section>
  );
}
