"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import {
  attachmentIdsInput,
  completeUploadInput,
  finishUpload,
  startUpload,
  uploadInput,
} from "@/lib/attachments/upload-actions";
import { clientAddressOf } from "@/lib/auth/client-address";
import { closeLiveConnections, signOutEverywhere } from "@/lib/auth/sessions";
import { requireChatContext } from "@/lib/chat/chat-context";
import { endChatSession, startChatSession } from "@/lib/chat/session-cookie";
import { consumeCustomerSignInLink, requestCustomerSignInLink } from "@/lib/chat/sign-in-links";
import { requestVisitorEmail } from "@/lib/chat/visitor-email";
import { deleteMessage, editMessage } from "@/lib/conversations/change-message";
import { getThreadMessage, listMessagesBefore, listMessagesSince } from "@/lib/conversations/list-messages";
import { clientMessageId, messageBodyInput } from "@/lib/conversations/message-body";
import { postMessage } from "@/lib/conversations/post-message";
import { MAX_SEQ, markRead } from "@/lib/conversations/read-state";
import { startConversationAsCustomer } from "@/lib/conversations/start-conversation";
import { announceCustomerTyping } from "@/lib/conversations/typing";
import { sendSoon } from "@/lib/email/send-soon";
import { getEnv } from "@/lib/env";
import { customerFields } from "@/lib/people/customer-records";
import { recordHeartbeat } from "@/lib/realtime/presence";
import { customerAction, runAction } from "@/lib/server-action";

const slug = z.string().max(64);
const body = messageBodyInput;
const conversationId = z.string().min(1).max(100);
const seq = z.coerce.number().int().min(0).max(MAX_SEQ);

/** Always the same answer for a valid address, known or not: it reveals nobody. */
export async function requestSignInLinkAction(input: { slug: string; email: string }) {
  return runAction(z.object({ slug, email: z.string().max(320) }), input, async (data) => {
    const { workspace } = await requireChatContext(data.slug);
    const db = await getDb();
    const { batchIds } = await requestCustomerSignInLink(db, {
      workspace,
      email: data.email,
      clientAddress: clientAddressOf(await headers()),
      appUrl: getEnv().APP_URL,
    });
    sendSoon(db, batchIds);
    return { sent: true };
  });
}

/**
 * Uses an emailed sign-in link (once), then opens the chat signed in. Another person's session in
 * this browser is replaced only here, on the button the page showed them both on.
 */
export async function redeemSignInLinkAction(input: { slug: string; token: string }) {
  return runAction(z.object({ slug, token: z.string().min(1).max(200) }), input, async (data) => {
    const { workspace, actor } = await requireChatContext(data.slug);
    const { customerId, endedSessions } = await consumeCustomerSignInLink(await getDb(), {
      workspaceId: workspace.id,
      token: data.token,
      browserCustomerId: actor?.customerId ?? null,
    });
    // A visitor's sessions end when the address they gave is confirmed: their pages close now.
    await closeLiveConnections(endedSessions);
    await endChatSession();
    await startChatSession({ customerId, workspaceId: workspace.id });
    redirect(`/chat/${workspace.slug}`);
  });
}

export async function signOutOfChatAction(input: { slug: string }) {
  return runAction(z.object({ slug }), input, async (data) => {
    const { workspace } = await requireChatContext(data.slug);
    await endChatSession();
    redirect(`/chat/${workspace.slug}`);
  });
}

/** Ends every chat session of this customer, on every device, this one included. */
export const signOutOfChatEverywhereAction = customerAction(z.object({}), async ({ db, actor }) => {
  await signOutEverywhere(db, { customerId: actor.customerId });
  await endChatSession();
  return null;
});

/**
 * "Notify me by email": a visitor gives a name and an address, and a link to confirm it is emailed
 * (lib/chat/visitor-email.ts). Replies are emailed only once it is used.
 */
export const notifyVisitorByEmailAction = customerAction(customerFields, async ({ db, actor }, fields) => {
  const { email, sent, batchIds } = await requestVisitorEmail(db, {
    actor,
    fields,
    appUrl: getEnv().APP_URL,
  });
  sendSoon(db, batchIds);
  return { email, sent };
});

export const startChatConversationAction = customerAction(
  z.object({ body, clientMessageId }),
  ({ db, actor }, input) => startConversationAsCustomer(db, { actor, ...input }),
);

export const sendChatMessageAction = customerAction(
  z.object({ conversationId, body, clientMessageId, attachmentIds: attachmentIdsInput }),
  ({ db, actor }, input) => postMessage(db, { actor, ...input }),
);

/** Attaching a file, step 1: where to send its bytes (lib/attachments/uploads.ts). */
export const createChatUploadAction = customerAction(uploadInput, ({ db, actor }, input) =>
  startUpload(db, actor, input),
);

/** Step 3, once the bytes are sent: checked, and ready to go with a message. */
export const completeChatUploadAction = customerAction(completeUploadInput, ({ db, actor }, input) =>
  finishUpload(db, actor, input),
);

export const markChatReadAction = customerAction(z.object({ conversationId, seq }), ({ db, actor }, input) =>
  markRead(db, { viewer: actor, ...input }),
);

export const listChatMessagesSinceAction = customerAction(
  z.object({ conversationId, afterSeq: seq }),
  ({ db, actor }, input) => listMessagesSince(db, { viewer: actor, ...input }),
);

export const listChatMessagesBeforeAction = customerAction(
  z.object({ conversationId, beforeSeq: seq }),
  ({ db, actor }, input) => listMessagesBefore(db, { viewer: actor, ...input }),
);

/** While the customer writes a reply: the team sees "Dana Diaz is typing…". */
export const chatTypingAction = customerAction(z.object({ conversationId }), ({ db, actor }, input) =>
  announceCustomerTyping(db, { actor, ...input }),
);

/** Sent every 20 s while the chat page or widget is open: the customer counts as connected. */
export const customerHeartbeatAction = customerAction(z.object({}), ({ db, actor }) =>
  recordHeartbeat(db, { actor }),
);

const messageId = z.string().min(1).max(100);

/** After a `message.changed`: the message as it is now, if the customer may still see it. */
export const getChatMessageAction = customerAction(
  z.object({ conversationId, messageId }),
  ({ db, actor }, input) => getThreadMessage(db, { viewer: actor, ...input }),
);

export const editChatMessageAction = customerAction(z.object({ messageId, body }), ({ db, actor }, input) =>
  editMessage(db, { actor, ...input }),
);

export const deleteChatMessageAction = customerAction(z.object({ messageId }), ({ db, actor }, input) =>
  deleteMessage(db, { actor, ...input }),
);
