import type { Db } from "@/db/client";
import { emailOutbox } from "@/db/schema";

export type Email = {
  to: string;
  subject: string;
  html: string;
  text: string;
  workspaceId?: string;
  privateToUserId?: string;
};

/**
 * Writes the email to the outbox, the record of every email the product sends.
 * The outbox-only driver (the embedded default) delivers nothing off this machine: the row is the
 * delivery, and in development its text is echoed to the console so emailed links can be followed.
 */
export async function sendEmail(db: Db, email: Email) {
  const [row] = await db
    .insert(emailOutbox)
    .values({ ...email, status: "sent", attempts: 1, providerId: "outbox", sentAt: new Date() })
    .returning({ id: emailOutbox.id });
  if (process.env.NODE_ENV === "development") {
    console.info(`[outbox] to ${email.to}: ${email.subject}\n${email.text}`);
  }
  return row;
}
