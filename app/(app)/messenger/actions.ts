"use server";

import { z } from "zod";
import {
  attachmentIdsInput,
  completeUploadInput,
  finishUpload,
  startUpload,
  uploadInput,
} from "@/lib/attachments/upload-actions";
import { addParticipants } from "@/lib/conversations/add-participants";
import { deleteMessage, editMessage, listMessageEdits } from "@/lib/conversations/change-message";
import { setConversationStatus } from "@/lib/conversations/conversation-status";
import { getThreadMessage, listMessagesBefore, listMessagesSince } from "@/lib/conversations/list-messages";
import { clientMessageId, messageBodyInput } from "@/lib/conversations/message-body";
import { setMuted } from "@/lib/conversations/mute";
import { postMessage } from "@/lib/conversations/post-message";
import { MAX_SEQ, markRead } from "@/lib/conversations/read-state";
import { startCustomerConversation, startInternalConversation } from "@/lib/conversations/start-conversation";
import { subjectInput } from "@/lib/conversations/subject";
import { announceTyping } from "@/lib/conversations/typing";
import { nextConversationInView } from "@/lib/conversations/views";
import { getOriginalEmail } from "@/lib/inbound/original-email";
import { MAX_MENTIONS, searchMentionable } from "@/lib/mentions/mentions";
import { getMessageReceipt } from "@/lib/notifications/message-receipt";
import { searchPeople, searchTeamMembers } from "@/lib/people/team-members";
import { recordHeartbeat } from "@/lib/realtime/presence";
import { searchMessages } from "@/lib/search/search-messages";
import { searchText } from "@/lib/search/search-terms";
import { teamAction } from "@/lib/server-action";

// Bodies are checked by the domain functions, so every entry point gives the same answer.
const body = messageBodyInput;
const conversationId = z.string().min(1).max(100);

const ids = z.array(z.string().max(100)).max(100);

export const createCustomerConversationAction = teamAction(
  z.object({
    customerIds: ids,
    newCustomerEmails: z.array(z.string().max(320)).max(50),
    userIds: ids,
    subject: subjectInput.optional(),
    body,
    clientMessageId,
  }),
  ({ db, actor }, input) => startCustomerConversation(db, { actor, ...input }),
);

export const setConversationStatusAction = teamAction(
  z.object({
    conversationId,
    status: z.enum(["open", "closed"]),
    seenSeq: z.coerce.number().int().min(0).max(MAX_SEQ).optional(),
  }),
  async ({ db, actor }, input) => {
    // A closed conversation leaves Open Conversations: the person moves on to the next one there.
    const nextId =
      input.status === "closed"
        ? await nextConversationInView(db, { actor, view: "open", leavingId: input.conversationId })
        : null;
    return { ...(await setConversationStatus(db, { actor, ...input })), nextId };
  },
);

export const setMutedAction = teamAction(
  z.object({ conversationId, muted: z.boolean() }),
  ({ db, actor }, input) => setMuted(db, { actor, ...input }),
);

export const searchPeopleAction = teamAction(
  z.object({ query: z.string().max(100) }),
  ({ db, actor }, input) => searchPeople(db, { actor, query: input.query }),
);

export const createConversationAction = teamAction(
  z.object({
    participantIds: z.array(z.string().max(100)).max(100),
    subject: subjectInput.optional(),
    body,
    clientMessageId,
  }),
  ({ db, actor }, input) => startInternalConversation(db, { actor, ...input }),
);

export const sendMessageAction = teamAction(
  z.object({
    conversationId,
    body,
    clientMessageId,
    visibility: z.enum(["public", "internal"]).optional(),
    attachmentIds: attachmentIdsInput,
    mentionIds: z.array(z.string().max(100)).max(MAX_MENTIONS).optional(),
  }),
  ({ db, actor }, input) => postMessage(db, { actor, ...input }),
);

/** Teammates the `@` in a thread's Message box offers: those who may see it (lib/mentions/). */
export const searchMentionableAction = teamAction(
  z.object({ conversationId, query: z.string().max(100) }),
  ({ db, actor }, input) => searchMentionable(db, { actor, ...input }),
);

/** Attaching a file, step 1: where to send its bytes (lib/attachments/uploads.ts). */
export const createUploadAction = teamAction(uploadInput, ({ db, actor }, input) =>
  startUpload(db, actor, input),
);

/** Step 3, once the bytes are sent: checked, and ready to go with a message. */
export const completeUploadAction = teamAction(completeUploadInput, ({ db, actor }, input) =>
  finishUpload(db, actor, input),
);

export const addParticipantsAction = teamAction(
  z.object({ conversationId, userIds: z.array(z.string().max(100)).min(1).max(50) }),
  ({ db, actor }, input) => addParticipants(db, { actor, ...input }),
);

export const markReadAction = teamAction(
  z.object({ conversationId, seq: z.coerce.number().int().min(0).max(MAX_SEQ) }),
  ({ db, actor }, input) => markRead(db, { viewer: actor, ...input }),
);

export const listMessagesSinceAction = teamAction(
  z.object({ conversationId, afterSeq: z.coerce.number().int().min(0).max(MAX_SEQ) }),
  ({ db, actor }, input) => listMessagesSince(db, { viewer: actor, ...input }),
);

export const listMessagesBeforeAction = teamAction(
  z.object({ conversationId, beforeSeq: z.coerce.number().int().min(0).max(MAX_SEQ) }),
  ({ db, actor }, input) => listMessagesBefore(db, { viewer: actor, ...input }),
);

/** While writing: `visibility` says whether it is a reply customers see, or an internal message (the team's only). */
export const typingAction = teamAction(
  z.object({ conversationId, visibility: z.enum(["public", "internal"]).optional() }),
  ({ db, actor }, input) => announceTyping(db, { actor, ...input }),
);

/** Sent by an open live connection every 20 s: the person counts as online for 60 s after. */
export const heartbeatAction = teamAction(z.object({}), ({ db, actor }) => recordHeartbeat(db, { actor }));

export const searchTeamMembersAction = teamAction(
  z.object({ query: z.string().max(100) }),
  ({ db, actor }, input) => searchTeamMembers(db, { actor, query: input.query }),
);

const messageId = z.string().min(1).max(100);

/** After a `message.changed`: the message as it is now. */
export const getMessageAction = teamAction(z.object({ conversationId, messageId }), ({ db, actor }, input) =>
  getThreadMessage(db, { viewer: actor, ...input }),
);

/** The receipt: who was told what about a message, for the team. */
export const getMessageReceiptAction = teamAction(
  z.object({ conversationId, messageId }),
  ({ db, actor }, input) => getMessageReceipt(db, { actor, ...input }),
);

export const editMessageAction = teamAction(z.object({ messageId, body }), ({ db, actor }, input) =>
  editMessage(db, { actor, ...input }),
);

export const deleteMessageAction = teamAction(z.object({ messageId }), ({ db, actor }, input) =>
  deleteMessage(db, { actor, ...input }),
);

/** For admins: what an edited message said before. */
export const listMessageEditsAction = teamAction(z.object({ messageId }), ({ db, actor }, input) =>
  listMessageEdits(db, { actor, ...input }),
);

/** The email a message came in as, whole (lib/inbound/original-email.ts). */
export const getOriginalEmailAction = teamAction(z.object({ messageId }), ({ db, actor }, input) =>
  getOriginalEmail(db, { actor, ...input }),
);

/** The messenger's Search: messages and threads the member may see, a keyset page at a time. */
export const searchMessagesAction = teamAction(
  z.object({ query: searchText, cursor: z.string().max(200).optional() }),
  ({ db, actor }, input) => searchMessages(db, { actor, ...input }),
);
