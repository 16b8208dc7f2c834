/**
 * What goes over the wire: ids and a short preview, never more. Realtime is a notification,
 * not the record; clients fetch the rest (and catch up after a drop) from the database.
 */
export type RealtimeEvent =
  | { channel: string; name: "message.new"; data: MessageNotice | CustomerNotice }
  | { channel: string; name: "conversation.read"; data: ReadNotice }
  | { channel: string; name: "typing"; data: TypingNotice }
  /** On a session's channel, which only the server listens to: close that session's streams. */
  | { channel: string; name: "session.ended"; data: Record<string, never> };

export type MessageNotice = {
  conversationId: string;
  messageId: string;
  seq: number;
  authorId: string | null;
  authorName: string | null;
  preview: string;
  system: boolean;
  /** On a user channel: that user's unread conversations after this message. */
  unreadCount?: number;
  /** On a user channel: that user has muted the conversation, so no bubble. */
  muted?: true;
};

/** What a customer is told of a public message: no team ids, nothing internal. */
export type CustomerNotice = {
  conversationId: string;
  messageId: string;
  seq: number;
  authorName: string | null;
  preview: string;
};

export type ReadNotice = { conversationId: string; lastReadSeq: number; unreadCount: number };

export type TypingNotice = { conversationId: string; userId: string; name: string };

export const PREVIEW_LENGTH = 140;

export const previewOf = (body: string) => {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > PREVIEW_LENGTH ? `${flat.slice(0, PREVIEW_LENGTH - 1)}…` : flat;
};
