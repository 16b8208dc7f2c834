import { filesOnlyPreview } from "@/lib/attachments/file-kinds";

/**
 * What goes over the wire: ids and a short preview, never more. Realtime is a notification,
 * not the record; clients fetch the rest (and catch up after a drop) from the database.
 */
export type RealtimeEvent =
  | { channel: string; name: "message.new"; data: MessageNotice | CustomerNotice }
  | { channel: string; name: "conversation.read"; data: ReadNotice }
  | { channel: string; name: "typing"; data: TypingNotice | CustomerTypingNotice }
  | { channel: string; name: "conversation.status"; data: StatusNotice }
  | { channel: string; name: "message.changed"; data: ChangeNotice }
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
  /** On a user channel: that user has muted the conversation, so no bubble and no sound. */
  muted?: true;
  /** On a user channel: the message mentions that user (so a mute does not silence it). */
  mentioned?: true;
  /** On a user channel: that user's notifications were paused when it was sent, so no bubble and no sound. */
  paused?: true;
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

/**
 * On a conversation's channel (the team's): who is typing, a team member (`userId`) or a customer
 * (`customerId`), by their full name.
 */
export type TypingNotice = { conversationId: string; name: string } & (
  | { userId: string; customerId?: never }
  | { customerId: string; userId?: never }
);

/** What a customer is told of someone typing: a name, never a team id. */
export type CustomerTypingNotice = { conversationId: string; name: string };

/** A conversation was closed or reopened: for the team's thread and the customer's chat page alike. */
export type StatusNotice = { conversationId: string; status: "open" | "closed" };

/** A message was edited or deleted: open views fetch it again. Never a notification of anything new. */
export type ChangeNotice = { conversationId: string; messageId: string; seq: number };

export const PREVIEW_LENGTH = 140;

/** A message as a bubble or a list shows it, in one line; a message of files only, by its files. */
export const previewOf = (body: string, fileNames: string[] = []) => {
  const flat = body.replace(/\s+/g, " ").trim() || filesOnlyPreview(fileNames);
  return flat.length > PREVIEW_LENGTH ? `${flat.slice(0, PREVIEW_LENGTH - 1)}…` : flat;
};
