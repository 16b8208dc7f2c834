import type { Metadata } from "next";
import { CustomerList } from "@/components/customers/customer-list";
import { getDb } from "@/db";
import { requireAdminPage } from "@/lib/auth/session";
import { listWorkspaceCustomers } from "@/lib/people/directory";

export const metadata: Metadata = { title: "Customers" };

export default async function CustomersPage() {
  // Next renders the page alongside its layout, so the layout's 404 does not stop this one starting.
  const actor = await requireAdminPage("/messenger");
  const customers = await listWorkspaceCustomers(await getDb(), { actor });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Customers</h1>
        <p className="mt-1 text-sm text-slate-600">
          Everyone your team talks to on the chat and by email, newest first. Open a customer to see their
          conversations and tickets, edit them, or merge a second address of theirs into them.
        </p>
      </div>
      <CustomerList initial={customers} />
    </div>
  );
}
