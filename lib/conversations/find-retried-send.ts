import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { messages } from "@/db/schema";

/** The message a previous attempt of this send already stored, if any. */
export async function findRetriedSend(
  db: Db,
  { userId, clientMessageId }: { userId: string; clientMessageId: string },
) {
  const [message] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.authorUserId, userId), eq(messages.clientMessageId, clientMessageId)));
  return message;
}
