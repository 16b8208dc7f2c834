import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OutboxEmailCard } from "@/components/mailbox/outbox-email-card";
import { getDb } from "@/db";
import { requireAdminPage } from "@/lib/auth/session";
import { getEmailDriver } from "@/lib/email/driver";
import { listOutbox } from "@/lib/email/outbox";

export const metadata: Metadata = { title: "Dev mailbox" };

/** Every email the product wrote to the outbox, rendered, for admins of embedded installs. */
export default async function DevMailboxPage() {
  // Once a real provider sends the email, there is no mailbox to read, for anyone.
  if (getEmailDriver().name !== "outbox") notFound();
  const actor = await requireAdminPage("/messenger");
  const emails = await listOutbox(await getDb(), { actor });
  return (
    <div className="mx-auto h-full max-w-4xl overflow-y-auto p-4 sm:p-6">
      <h1 className="text-xl font-semibold text-slate-900">Dev mailbox</h1>
      <p className="mt-1 text-sm text-slate-600">
        Emails kept in the outbox. With no email provider configured, nothing leaves this machine. A team
        member's sign-in link, or email about their messages, is shown only to them. Emails to customers
        (their chat sign-in links and replies) are shown to admins, so that the chat page can be tried here.
      </p>
      {emails.length === 0 ? (
        <p className="mt-8 rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600">
          No emails yet. Sign-in links and notifications will appear here.
        </p>
      ) : (
        <ul className="mt-6 space-y-4">
          {emails.map((email) => (
            <li key={email.id}>
              <OutboxEmailCard email={email} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
