import { LINK_SESSION_SECONDS } from "./customer-session";
import { signToken, verifyToken } from "./signed-token";

type LinkPayload = { c: string; v: string };

/**
 * The button in a customer's email: opens that conversation on the chat page, signed in as that
 * customer, for that conversation only. Signed, and good for as long as a session it opens.
 */
export function conversationLink(
  {
    appUrl,
    workspaceSlug,
    customerId,
    conversationId,
  }: { appUrl: string; workspaceSlug: string; customerId: string; conversationId: string },
  secret: string,
  now = new Date(),
) {
  const token = signToken<LinkPayload>(
    "conversation-link",
    { c: customerId, v: conversationId, exp: Math.floor(now.getTime() / 1000) + LINK_SESSION_SECONDS },
    secret,
  );
  const url = new URL(`/chat/${workspaceSlug}/open`, appUrl);
  url.searchParams.set("c", conversationId);
  url.searchParams.set("t", token);
  return url.toString();
}

/** The customer a link was made for, if it is genuine, unexpired, and for this conversation. */
export function customerOfConversationLink(
  { token, conversationId }: { token: string; conversationId: string },
  secret: string,
  now = new Date(),
): string | null {
  const payload = verifyToken<LinkPayload>("conversation-link", token, secret, now);
  return payload && payload.v === conversationId ? payload.c : null;
}
