import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { inboundEmails } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { findMessage } from "@/lib/conversations/change-message";
import { DomainError } from "@/lib/domain-error";
import { htmlAsText } from "./visible-reply";

/**
 * The email a message was posted from (lib/inbound/receive-reply.ts), whole: what was cut as
 * quote or signature included. For a team member who may see the message; as text, never as HTML,
 * so nothing in a stranger's markup runs or loads in the team's pages.
 */
export async function getOriginalEmail(
  db: Db,
  { actor, messageId }: { actor: TeamActor; messageId: string },
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
  return { ...rest, text: text?.trim() ? text : html ? htmlAsText(html) : "" };
}
