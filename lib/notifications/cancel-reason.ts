import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jsonRows } from "@/db/json-rows";

/** A recipient as a sweep finds them now, with its channel's policy worked out for them. */
export type RecipientNow = {
  lastReadSeq: number;
  muted: boolean;
  allowed: boolean;
  allowedIfMentioned: boolean;
};

/**
 * Why a due delivery no longer goes, as the receipt shows it, or null when it still may: seen
 * since, muted (unless it mentions them), or the channel turned off for them (`turnedOff` names
 * how: "email turned off", "unsubscribed", "push turned off").
 */
export function cancelReason(
  row: { seq: number; mentioned: boolean },
  recipient: RecipientNow | undefined,
  turnedOff: string,
): string | null {
  if (!recipient) return "no longer in the conversation";
  if (row.seq <= recipient.lastReadSeq) return "seen";
  if (row.mentioned ? recipient.allowedIfMentioned : recipient.allowed) return null;
  return recipient.muted && !row.mentioned ? "muted" : turnedOff;
}

/** Cancels these deliveries, each with its reason, in one statement. */
export async function cancelWithReasons(tx: Db, rows: { id: string; reason: string }[]) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    update deliveries set status = 'cancelled', last_error = c.reason
    from json_to_recordset(${jsonRows(rows)}) as c(id uuid, reason text)
    where deliveries.id = c.id`);
}
