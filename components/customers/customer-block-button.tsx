"use client";

import { toast } from "sonner";
import { setCustomerBlockedAction } from "@/app/(app)/customers/actions";
import { AccessButton } from "@/components/settings/people-access-button";
import { failureOf } from "@/components/settings/people-call";

/** Block a customer's new messages (after a confirmation), or unblock them; `onChange` hears the new state. */
export function CustomerBlockButton({
  customer,
  onChange,
}: {
  customer: { id: string; name: string; blocked: boolean };
  onChange: (blocked: boolean) => void;
}) {
  const setBlocked = async (blocked: boolean) => {
    const failure = await failureOf(() => setCustomerBlockedAction({ customerId: customer.id, blocked }));
    if (failure) return failure;
    onChange(blocked);
    toast.success(
      blocked ? `${customer.name}'s new messages will be refused.` : `${customer.name} can write again.`,
    );
    return null;
  };
  return customer.blocked ? (
    <AccessButton
      label="Unblock"
      accessibleName={`Unblock ${customer.name}`}
      run={() => setBlocked(false)}
      onFailure={toast.error}
    />
  ) : (
    <AccessButton
      label="Block"
      accessibleName={`Block ${customer.name}`}
      confirm={{
        title: `Block ${customer.name}?`,
        description: `${customer.name} can still read their conversations, but every new message they write is refused, with a polite note. You can unblock them later.`,
        confirmLabel: "Block",
      }}
      run={() => setBlocked(true)}
      onFailure={toast.error}
    />
  );
}
