import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { jsonRows } from "@/db/json-rows";

/**
 * Whether a row's (recipient, conversation) is one of these pairs, however many: the sweeps'
 * batches are per recipient and thread. The pairs go as one bound JSON value (db/json-rows.ts).
 */
export const inRecipientThreads = (
  recipient: AnyPgColumn | SQL,
  conversation: AnyPgColumn,
  pairs: { recipientId: string; conversationId: string }[],
) =>
  sql`(${recipient}, ${conversation}) in (select * from json_to_recordset(${jsonRows(
    pairs.map(({ recipientId, conversationId }) => ({ recipientId, conversationId })),
  )}) as g("recipientId" uuid, "conversationId" uuid))`;
