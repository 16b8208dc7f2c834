import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { inboundEmails } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { findMessage } from "@/lib/conversations/change-message";
import { DomainError } from "@/lib/domain-error";
import { getEnv } from "@/lib/env";
import { htmlAsText } from "./visible-reply";

/**
 * The email a message was posted from (lib/inbound/receive-reply.ts), whole: what was cut as
 * quote or signature included. For a team member who may see the message; as text, never as HTML,
 * so nothing in a stranger's markup runs or loads in the team's pages. The email it quotes was
 * the sender's own, with their credentials in it: those are blanked (redactCredentials).
 */
export async function getOriginalEmail(
  db: Db,
  { actor, messageId, appUrl = getEnv().APP_URL }: { actor: TeamActor; messageId: string; appUrl?: string },
) {
  const message = await findMessage(db, { actor, messageId });
  const [email] = await db
    .select({
      from: inboundEmails.fromAddress,
      subject: inboundEmails.subject,
      text: inboundEmails.text,
      html: inboundEmails.html,
      receivedAt: inboundEmails.receivedAt,
    })
    .from(inboundEmails)
    .where(eq(inboundEmails.postedMessageId, message.id));
  if (!email) throw new DomainError("message_not_found", "This message did not come by email.");
  const { html, text, ...rest } = email;
  return { ...rest, text: redactCredentials(text?.trim() ? text : html ? htmlAsText(html) : "", appUrl) };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A reply quotes the notification it answers, and a customer's holds links that sign them in to
 * the conversation (and unsubscribe them), and their own reply address: shown to the team as they
 * are, anyone on the team could act as the customer. So the app's links lose their query and
 * tokens, and reply addresses their token.
 */
export function redactCredentials(text: string, appUrl: string) {
  const appLink = new RegExp(`${escapeRegExp(new URL(appUrl).origin)}[^\\s<>"')\\]]*`, "g");
  return text
    .replace(appLink, (url) => url.replace(/[?#].*$/, "").replace(/\/unsubscribe\/[^/]+/, "/unsubscribe/…"))
    .replace(/\breply\+[0-9a-z]+@/gi, "reply+…@");
}
