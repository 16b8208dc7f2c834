"use client";

import { toast } from "sonner";
import { setCustomerAccessAction } from "@/app/(app)/customers/actions";
import { AccessButton } from "@/components/settings/people-access-button";
import { failureOf } from "@/components/settings/people-call";

type Customer = { id: string; name: string; revoked: boolean };

/** Revoke a customer's access to the chat (after a confirmation), or restore it; `onChange` hears the new state. */
export function CustomerAccessButton({
  customer,
  onChange,
}: {
  customer: Customer;
  onChange: (revoked: boolean) => void;
}) {
  const setRevoked = async (revoked: boolean) => {
    const failure = await failureOf(() => setCustomerAccessAction({ customerId: customer.id, revoked }));
    if (failure) return failure;
    onChange(revoked);
    toast.success(
      revoked
        ? `${customer.name} is signed out of the chat and cannot sign in again.`
        : `${customer.name} can sign in to the chat again.`,
    );
    return null;
  };
  return customer.revoked ? (
    <AccessButton
      label="Restore access"
      accessibleName={`Restore access for ${customer.name}`}
      run={() => setRevoked(false)}
      onFailure={toast.error}
    />
  ) : (
    <AccessButton
      label="Revoke access"
      accessibleName={`Revoke access for ${customer.name}`}
      confirm={{
        title: `Revoke ${customer.name}'s access?`,
        description: `${customer.name} is signed out of the chat everywhere at once, cannot sign in again, and is emailed nothing. You can restore access later.`,
        confirmLabel: "Revoke access",
      }}
      run={() => setRevoked(true)}
      onFailure={toast.error}
    />
  );
}
