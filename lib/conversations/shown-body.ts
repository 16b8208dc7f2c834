import { sql } from "drizzle-orm";
import { attachments, messages } from "@/db/schema";
import { DELETED_MESSAGE } from "./deleted-message";

/**
 * A message's text where lists preview it: a deleted one says so rather than showing nothing, and
 * one of files only shows its file or how many (as filesOnlyPreview, lib/attachments/file-kinds.ts).
 */
export const shownBody = sql<string>`case
  when ${messages.deletedAt} is not null then ${DELETED_MESSAGE}::text
  when ${messages.body} = '' then (
    select case count(*) when 0 then '' when 1 then '📎 ' || min(${attachments.fileName}) else '📎 ' || count(*) || ' files' end
    from ${attachments} where ${attachments.messageId} = ${messages.id} and ${attachments.removedAt} is null)
  else ${messages.body} end`;
