"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { CustomerAccessButton } from "./customer-access-button";
import { CustomerBlockButton } from "./customer-block-button";
import { CustomerFormDialog } from "./customer-form-dialog";
import { MergeCustomerDialog } from "./merge-customer-dialog";

/** A customer page's buttons: Edit, Merge a duplicate, Block or Unblock, and Revoke or Restore access. Each refreshes the page. */
export function CustomerActions({
  customer,
}: {
  customer: { id: string; name: string; email: string | null; revoked: boolean; blocked: boolean };
}) {
  const router = useRouter();
  return (
    <div className="flex flex-wrap gap-2">
      <CustomerFormDialog
        customer={customer}
        onSaved={(saved) => {
          toast.success(`${saved.name} is saved.`);
          router.refresh();
        }}
      />
      <MergeCustomerDialog kept={customer} />
      <CustomerBlockButton customer={customer} onChange={() => router.refresh()} />
      <CustomerAccessButton customer={customer} onChange={() => router.refresh()} />
    </div>
  );
}
