import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { messages } from "@/db/schema";
import { DomainError, isUniqueViolation } from "@/lib/domain-error";

export type Sender = { userId: string } | { customerId: string };

/** The message a previous attempt of this send already stored, if any. */
export async function findRetriedSend(
  db: Db,
  { sender, clientMessageId }: { sender: Sender; clientMessageId: string },
) {
  const bySender =
    "userId" in sender
      ? eq(messages.authorUserId, sender.userId)
      : eq(messages.authorCustomerId, sender.customerId);
  const [message] = await db
    .select()
    .from(messages)
    .where(and(bySender, eq(messages.clientMessageId, clientMessageId)));
  return message;
}

/**
 * Runs a send; if it lost a race to another attempt of the same send (a unique violation on the
 * client message id, or the rate limit that attempt's hit filled), returns that attempt's message
 * instead of failing.
 */
export async function withRetriedSend<T>(
  db: Db,
  { sender, clientMessageId }: { sender: Sender; clientMessageId: string },
  send: () => Promise<T>,
  fromWinner: (message: NonNullable<Awaited<ReturnType<typeof findRetriedSend>>>) => T,
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const lostRace =
      isUniqueViolation(error) || (error instanceof DomainError && error.code === "rate_limited");
    const winner = lostRace && (await findRetriedSend(db, { sender, clientMessageId }));
    if (winner) return fromWinner(winner);
    throw error;
  }
}
