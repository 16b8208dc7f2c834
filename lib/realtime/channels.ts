import { isUuid } from "@/lib/uuid";
import type { RealtimeEvent } from "./events";

/** A team member's own channel: unread counts, bubbles and read state across their tabs. */
export const userChannel = (userId: string) => `private-user-${userId}`;

/** A customer's own channel: new public messages in all their conversations, for the chat page's list. */
export const customerChannel = (customerId: string) => `private-customer-${customerId}`;

/**
 * One customer's channel for one conversation: its public messages, for the chat page's open
 * conversation (including a session opened from an email's link). Per customer, not per
 * conversation, so that a customer removed from a ticket's followers is sent nothing more on it,
 * even by a subscription made before.
 */
export const chatChannel = (conversationId: string, customerId: string) =>
  `private-chat-${conversationId}-${customerId}`;

/** A conversation's channel: new messages and typing, for the team members who may see it. */
export const conversationChannel = (conversationId: string) => `private-conversation-${conversationId}`;

/**
 * A session's own channel, on which the server tells its open streams that it ended. Not a
 * `private-` channel: no client may subscribe to it (parseChannel refuses it).
 */
export const sessionChannel = (sessionId: string) => `session-${sessionId}`;

export const sessionEndedEvents = (sessionIds: string[]): RealtimeEvent[] =>
  sessionIds.map((id) => ({ channel: sessionChannel(id), name: "session.ended", data: {} }));

export type ParsedChannel =
  | { kind: "user" | "customer" | "conversation"; id: string }
  | { kind: "chat"; id: string; customerId: string };

const UUID_LENGTH = 36;

export function parseChannel(name: string): ParsedChannel | null {
  const match = /^private-(user|customer|chat|conversation)-(.+)$/.exec(name);
  if (!match?.[1] || !match[2]) return null;
  if (match[1] === "chat") {
    const [id, customerId] = [match[2].slice(0, UUID_LENGTH), match[2].slice(UUID_LENGTH + 1)];
    const dash = match[2][UUID_LENGTH];
    return dash === "-" && isUuid(id) && isUuid(customerId) ? { kind: "chat", id, customerId } : null;
  }
  if (!isUuid(match[2])) return null;
  return { kind: match[1] as "user" | "customer" | "conversation", id: match[2] };
}
