import { isUuid } from "@/lib/uuid";
import type { RealtimeEvent } from "./events";

/** A team member's own channel: unread counts, bubbles and read state across their tabs. */
export const userChannel = (userId: string) => `private-user-${userId}`;

/** A customer's own channel: new public messages in all their conversations, for the chat page's list. */
export const customerChannel = (customerId: string) => `private-customer-${customerId}`;

/**
 * A customer conversation's public channel: its public messages, for the customers taking part
 * (the chat page's open conversation, including a session opened from an email's link).
 */
export const chatChannel = (conversationId: string) => `private-chat-${conversationId}`;

/** A conversation's channel: new messages and typing, for the team members who may see it. */
export const conversationChannel = (conversationId: string) => `private-conversation-${conversationId}`;

/**
 * A session's own channel, on which the server tells its open streams that it ended. Not a
 * `private-` channel: no client may subscribe to it (parseChannel refuses it).
 */
export const sessionChannel = (sessionId: string) => `session-${sessionId}`;

export const sessionEndedEvents = (sessionIds: string[]): RealtimeEvent[] =>
  sessionIds.map((id) => ({ channel: sessionChannel(id), name: "session.ended", data: {} }));

export type ParsedChannel = { kind: "user" | "customer" | "chat" | "conversation"; id: string };

export function parseChannel(name: string): ParsedChannel | null {
  const match = /^private-(user|customer|chat|conversation)-(.+)$/.exec(name);
  if (!match?.[1] || !match[2] || !isUuid(match[2])) return null;
  return { kind: match[1] as ParsedChannel["kind"], id: match[2] };
}
