import type { Db } from "@/db/client";
import type { CustomerActor } from "@/lib/auth/actor";
import { customerOfConversationLink } from "./conversation-links";
import { findSignableCustomer } from "./customer-session";

/**
 * What a conversation email's link does to the chat session already in this browser, in any
 * workspace. A link never replaces another person's session: whoever sent it could otherwise sign
 * this browser in as themselves behind its owner's back. The same customer's full session stays
 * (it already sees every conversation); their session from another link gives way to this link's.
 */
export function linkSessionDecision(
  current: CustomerActor | null,
  linkCustomerId: string,
): "keep" | "start" | "refuse" {
  if (!current) return "start";
  if (current.customerId !== linkCustomerId) return "refuse";
  return current.onlyConversationId ? "start" : "keep";
}

export type ConversationLinkOutcome =
  /** Not genuine, expired, or its customer is gone: the chat page says so. */
  | { open: false; notice: "expired" | "other" }
  | {
      open: true;
      conversationId: string;
      /** The session to start, limited to this conversation; null keeps the current one. */
      startSession: { customerId: string; workspaceId: string; onlyConversationId: string } | null;
    };

/** Checks a conversation link against this workspace and the browser's current chat session. */
export async function openConversationLink(
  db: Db,
  {
    workspaceId,
    current,
    conversationId,
    token,
    secret,
    now,
  }: {
    workspaceId: string;
    /** The chat session in this browser, whichever workspace it is in. */
    current: CustomerActor | null;
    conversationId: string;
    token: string;
    secret: string;
    now?: Date;
  },
): Promise<ConversationLinkOutcome> {
  const customerId = customerOfConversationLink({ token, conversationId }, secret, now);
  // The customer must still exist in this workspace; the signature alone does not say so.
  const customer = customerId && (await findSignableCustomer(db, { customerId, workspaceId }));
  if (!customer) return { open: false, notice: "expired" };
  switch (linkSessionDecision(current, customer.customerId)) {
    case "refuse":
      return { open: false, notice: "other" };
    case "keep":
      return { open: true, conversationId, startSession: null };
    case "start":
      return {
        open: true,
        conversationId,
        startSession: { customerId: customer.customerId, workspaceId, onlyConversationId: conversationId },
      };
  }
}
