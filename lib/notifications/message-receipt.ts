import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers, deliveries, messages, participants, readMarks, users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { requireTeamAccess } from "@/lib/conversations/access";
import { customerMaySee } from "@/lib/conversations/customer-visibility";
import { DomainError } from "@/lib/domain-error";
import { isUuid } from "@/lib/uuid";
import type { DeliveryChannel } from "./channel-policy";

/** The one word a receipt gives each recipient: what happened that matters most. */
export type ReceiptWord =
  | "Seen"
  | "Emailed"
  | "Pushed"
  | "Failed"
  | "Pending"
  | "Shown live"
  | "Cancelled"
  | "Not seen";

/** One channel's part for one recipient: what happened on it, when, and why where it did not go. */
export type ReceiptLine = {
  channel: DeliveryChannel;
  status: "pending" | "queued" | "sent" | "cancelled" | "failed";
  /** When it went (sent), is due (pending), or was last tried. */
  at: Date | null;
  reason: string | null;
};

export type ReceiptRecipient = {
  /** The team member's or customer's id. */
  id: string;
  name: string;
  kind: "team" | "customer";
  word: ReceiptWord;
  /** For Seen, when; for Emailed or Pushed, when it went; for Pending, when it is due. */
  at: Date | null;
  /** Why, for Cancelled and Failed. */
  reason: string | null;
  lines: ReceiptLine[];
};

/**
 * Who was told what about a message, for the team (issue 17): each recipient with what happened,
 * read from the deliveries and the read positions (and their marks), never stored twice. Anyone
 * on the team who may see the thread may read it; customers have no way to it. The recipients are
 * the thread's participants but the author (for an internal note, the team's only), and anyone a
 * delivery was planned for who has left since.
 */
export async function getMessageReceipt(
  db: Db,
  { actor, conversationId, messageId }: { actor: TeamActor; conversationId: string; messageId: string },
): Promise<ReceiptRecipient[]> {
  await requireTeamAccess(db, actor, conversationId);
  const [message] = isUuid(messageId)
    ? await db
        .select()
        .from(messages)
        .where(and(eq(messages.id, messageId), eq(messages.conversationId, conversationId)))
    : [];
  if (!message || message.authorKind === "system")
    throw new DomainError("message_not_found", "That message is not in this conversation.");

  const readers = await db
    .select({
      userId: participants.userId,
      customerId: participants.customerId,
      name: sql<string>`coalesce(${users.name}, ${customers.name}, 'Someone')`,
      seen: sql<boolean>`${participants.lastReadSeq} >= ${message.seq}`,
      seenAt: sql<Date | null>`(select min(${readMarks.readAt}) from ${readMarks}
        where ${readMarks.participantId} = ${participants.id} and ${readMarks.seq} >= ${message.seq})`.mapWith(
        (value) => (value === null ? null : new Date(value)),
      ),
    })
    .from(participants)
    .leftJoin(users, eq(users.id, participants.userId))
    .leftJoin(customers, eq(customers.id, participants.customerId))
    .where(
      and(
        eq(participants.conversationId, conversationId),
        message.authorUserId
          ? sql`${participants.userId} is distinct from ${message.authorUserId}`
          : sql`${participants.customerId} is distinct from ${message.authorCustomerId}`,
        customerMaySee(message) ? undefined : sql`${participants.userId} is not null`,
      ),
    )
    .orderBy(
      sql`${participants.customerId} is not null`,
      asc(sql`coalesce(${users.name}, ${customers.name})`),
    );

  const planned = await db
    .select({
      userId: deliveries.recipientUserId,
      customerId: deliveries.recipientCustomerId,
      name: sql<string>`coalesce(${users.name}, ${customers.name}, 'Someone')`,
      channel: deliveries.channel,
      status: deliveries.status,
      dueAt: deliveries.dueAt,
      sentAt: deliveries.sentAt,
      reason: deliveries.lastError,
    })
    .from(deliveries)
    .leftJoin(users, eq(users.id, deliveries.recipientUserId))
    .leftJoin(customers, eq(customers.id, deliveries.recipientCustomerId))
    .where(eq(deliveries.messageId, message.id))
    .orderBy(asc(deliveries.channel));

  const keyOf = (row: { userId: string | null; customerId: string | null }) =>
    row.userId ? `u:${row.userId}` : `c:${row.customerId}`;
  const people = new Map(
    readers.map((row) => [
      keyOf(row),
      { name: row.name, kind: row.userId ? "team" : "customer", seen: row.seen, seenAt: row.seenAt } as const,
    ]),
  );
  // Someone planned for who has left the thread since: what was planned still shows.
  for (const row of planned)
    if (!people.has(keyOf(row)))
      people.set(keyOf(row), {
        name: row.name,
        kind: row.userId ? "team" : "customer",
        seen: false,
        seenAt: null,
      });

  return [...people].map(([key, person]) => {
    const lines = planned
      .filter((row) => keyOf(row) === key)
      .map(
        (row): ReceiptLine => ({
          channel: row.channel,
          status: row.status,
          // A push on its way shows no time: its row holds its lease, not when it is due.
          at: row.status === "sent" ? row.sentAt : row.status === "queued" ? null : row.dueAt,
          // What the mail provider said is for admins (Settings → Workspace): here, that it refused.
          reason:
            row.channel === "email" && row.status === "failed" ? "the mail provider refused it" : row.reason,
        }),
      );
    return { id: key.slice(2), name: person.name, kind: person.kind, ...summary(person, lines), lines };
  });
}

/**
 * The word that matters most: seen beats everything; then a notification that went (the latest);
 * then one that failed; then having been shown it live; then one that waits; then what was cancelled.
 */
function summary(
  person: { seen: boolean; seenAt: Date | null },
  lines: ReceiptLine[],
): Pick<ReceiptRecipient, "word" | "at" | "reason"> {
  if (person.seen) return { word: "Seen", at: person.seenAt, reason: null };
  const went = lines
    .filter((line) => line.status === "sent" && line.channel !== "live")
    .sort((a, b) => (b.at?.getTime() ?? 0) - (a.at?.getTime() ?? 0))[0];
  if (went) return { word: went.channel === "email" ? "Emailed" : "Pushed", at: went.at, reason: null };
  const failed = lines.find((line) => line.status === "failed");
  if (failed) return { word: "Failed", at: failed.at, reason: failed.reason };
  const live = lines.find((line) => line.channel === "live");
  if (live) return { word: "Shown live", at: live.at, reason: null };
  const waiting = lines.find((line) => line.status === "pending" || line.status === "queued");
  if (waiting) return { word: "Pending", at: waiting.status === "pending" ? waiting.at : null, reason: null };
  const cancelled = lines.find((line) => line.status === "cancelled");
  if (cancelled) return { word: "Cancelled", at: null, reason: cancelled.reason };
  return { word: "Not seen", at: null, reason: null };
}
