import "server-only";
import { after } from "next/server";
import type { Db } from "@/db/client";
import { sendDueEmails } from "./mailer";

/**
 * Sends queued emails just after the response has gone, so a request's timing never depends on
 * the provider (or says what was queued). Anything that fails here is retried by the sweep.
 */
export function sendSoon(db: Db, batchIds: string[]) {
  after(async () => {
    for (const onlyBatchId of batchIds) await sendDueEmails(db, { onlyBatchId });
  });
}
