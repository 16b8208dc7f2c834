import { sql } from "drizzle-orm";
import { messages } from "@/db/schema";
import { DELETED_MESSAGE } from "./deleted-message";

/** A message's text where lists preview it: a deleted one says so rather than showing nothing. */
export const shownBody = sql<string>`case when ${messages.deletedAt} is not null then ${DELETED_MESSAGE}::text else ${messages.body} end`;
