import { isUuid } from "@/lib/uuid";

/** A person's own channel: unread counts, bubbles and read state across their tabs. */
export const userChannel = (userId: string) => `private-user-${userId}`;

/** A conversation's channel: new messages and typing, for its participants only. */
export const conversationChannel = (conversationId: string) => `private-conversation-${conversationId}`;

export type ParsedChannel = { kind: "user" | "conversation"; id: string };

export function parseChannel(name: string): ParsedChannel | null {
  const match = /^private-(user|conversation)-(.+)$/.exec(name);
  if (!match?.[1] || !match[2] || !isUuid(match[2])) return null;
  return { kind: match[1] as ParsedChannel["kind"], id: match[2] };
}
