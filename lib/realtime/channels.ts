import { isUuid } from "@/lib/uuid";

/** A team member's own channel: unread counts, bubbles and read state across their tabs. */
export const userChannel = (userId: string) => `private-user-${userId}`;

/** A customer's own channel: new public messages in their conversations, for the chat page. */
export const customerChannel = (customerId: string) => `private-customer-${customerId}`;

/** A conversation's channel: new messages and typing, for the team members who may see it. */
export const conversationChannel = (conversationId: string) => `private-conversation-${conversationId}`;

export type ParsedChannel = { kind: "user" | "customer" | "conversation"; id: string };

export function parseChannel(name: string): ParsedChannel | null {
  const match = /^private-(user|customer|conversation)-(.+)$/.exec(name);
  if (!match?.[1] || !match[2] || !isUuid(match[2])) return null;
  return { kind: match[1] as ParsedChannel["kind"], id: match[2] };
}
