import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { TeamActor } from "@/lib/auth/actor";
import { decodeCursor, encodeCursor } from "@/lib/keyset-cursor";
import { type HitRow, hitRows, memberRows, type SearchPage, toHit } from "@/lib/search/search-messages";
import { searchTerms } from "@/lib/search/search-terms";

const PAGE = 20;

/**
 * The Mentions view: messages that mention the member, newest first, a keyset page at a time, each
 * shown as a search result is (its thread, its author, the text around their name) and opening the
 * thread at it. Only threads they may still see, and no deleted message.
 */
export async function listMentions(
  db: Db,
  { actor, cursor, limit = PAGE }: { actor: TeamActor; cursor?: string; limit?: number },
): Promise<SearchPage> {
  const after = decodeCursor(cursor);
  const { me, mayView, asMember } = memberRows(actor);
  const result = await db.execute(sql`
    with ${me},
    hits as (
      select m.id, m.created_at from message_mentions mm
        join messages m on m.id = mm.message_id
        join conversations c on c.id = m.conversation_id
        ${asMember}
      where mm.user_id = ${actor.userId} and m.deleted_at is null and ${mayView}
        and ${after ? sql`(mm.created_at, mm.message_id) < (${after.t}::timestamptz, ${after.id}::uuid)` : sql`true`}
      order by mm.created_at desc, mm.message_id desc limit ${limit + 1}
    )
    ${hitRows(actor, limit)}`);
  const rows = (result as unknown as { rows: HitRow[] }).rows;
  // Their name stands out in each snippet, as a searched word would.
  const words = searchTerms(actor.name)?.words ?? [];
  const hits = rows.slice(0, limit).map((row) => toHit(row, words));
  const last = hits.at(-1);
  return {
    hits,
    nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.messageId) : null,
  };
}
