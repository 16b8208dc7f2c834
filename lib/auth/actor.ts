/** Who is acting. Built by entry points from a verified session, then passed to every domain function. */
export type TeamActor = {
  kind: "user";
  userId: string;
  workspaceId: string;
  name: string;
  role: "admin" | "member";
  /** Sees every customer conversation of the workspace, not only those they take part in. */
  customerFacing: boolean;
  /** The sign-in this request came with (absent for actors built by tests and scripts). */
  sessionId?: string;
};

/**
 * A customer signed in to the chat page. A session opened from a conversation email's link is
 * limited to that conversation (`onlyConversationId`): a forwarded email opens one conversation,
 * never the customer's others.
 */
export type CustomerActor = {
  kind: "customer";
  customerId: string;
  workspaceId: string;
  name: string;
  /** Null for a visitor: they wrote without a confirmed address, and are emailed nothing. */
  email: string | null;
  onlyConversationId?: string;
  /**
   * The client's network address, when a trusted proxy says it (lib/auth/client-address.ts): a
   * visitor's messages are also limited per address, since a new visitor costs nothing to make.
   */
  clientAddress?: string | null;
  /** The sign-in this request came with (absent for actors built by tests and scripts). */
  sessionId?: string;
  /**
   * That sign-in was made from the site's signed identity (lib/chat/identity.ts): the widget ends
   * it when the site stops vouching for this person.
   */
  viaIdentity?: boolean;
};

export type Actor = TeamActor | CustomerActor;

/** A team member's row as the actor who acts for them (with the sign-in it came with, if any). */
export function teamActorOf(
  user: { id: string; workspaceId: string; name: string; role: TeamActor["role"]; customerFacing: boolean },
  sessionId?: string,
): TeamActor {
  return {
    kind: "user",
    userId: user.id,
    workspaceId: user.workspaceId,
    name: user.name,
    role: user.role,
    customerFacing: user.customerFacing,
    ...(sessionId && { sessionId }),
  };
}

/** A customer's row as the actor who acts for them; entry points add what their session says. */
export function customerActorOf(
  customer: { id: string; workspaceId: string; name: string; email: string | null },
  extras: Partial<
    Pick<CustomerActor, "sessionId" | "onlyConversationId" | "viaIdentity" | "clientAddress">
  > = {},
): CustomerActor {
  return {
    kind: "customer",
    customerId: customer.id,
    workspaceId: customer.workspaceId,
    name: customer.name,
    email: customer.email,
    ...extras,
  };
}
