"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { setCustomerAccess, setCustomerBlocked } from "@/lib/people/access-control";
import { addCustomer, customerFields, updateCustomer } from "@/lib/people/customer-records";
import { listWorkspaceCustomers } from "@/lib/people/directory";
import { mergeCustomers } from "@/lib/people/merge-customers";
import { teamAction } from "@/lib/server-action";

const customerId = z.string().min(1).max(100);

/** The customer list: a search, or the next page after "Show more". */
export const listCustomersAction = teamAction(
  z.object({ cursor: z.string().max(200).optional(), query: z.string().max(100).optional() }),
  ({ db, actor }, input) => listWorkspaceCustomers(db, { actor, ...input }),
);

export const addCustomerAction = teamAction(customerFields, async ({ db, actor }, fields) => {
  const added = await addCustomer(db, { actor, fields });
  revalidatePath("/customers");
  return added;
});

export const updateCustomerAction = teamAction(
  customerFields.extend({ customerId }),
  async ({ db, actor }, { customerId, ...fields }) => {
    const updated = await updateCustomer(db, { actor, customerId, fields });
    revalidatePath("/customers", "layout");
    return updated;
  },
);

/** Revoking signs the customer out of the chat everywhere at once, and no link lets them back in. */
export const setCustomerAccessAction = teamAction(
  z.object({ customerId, revoked: z.boolean() }),
  async ({ db, actor }, { customerId, revoked }) => {
    await setCustomerAccess(db, { actor, customerId, revoked });
    revalidatePath("/customers", "layout");
    return { customerId, revoked };
  },
);

/** Blocked, the customer's new messages are refused, politely; unblocked, they are taken again. */
export const setCustomerBlockedAction = teamAction(
  z.object({ customerId, blocked: z.boolean() }),
  async ({ db, actor }, { customerId, blocked }) => {
    await setCustomerBlocked(db, { actor, customerId, blocked });
    revalidatePath("/customers", "layout");
    return { customerId, blocked };
  },
);

/** One transaction: everything of `mergeCustomerId` moves to `keepCustomerId`, which is all that is left. */
export const mergeCustomersAction = teamAction(
  z.object({ keepCustomerId: customerId, mergeCustomerId: customerId }),
  async ({ db, actor }, input) => {
    const kept = await mergeCustomers(db, { actor, ...input });
    revalidatePath("/customers", "layout");
    return kept;
  },
);
