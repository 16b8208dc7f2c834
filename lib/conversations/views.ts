import "server-only";
import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { messages, participants, users } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";

/** The messenger's views. Open Conversations and Closed come with customer conversations. */
export const VIEWS = {
  inbox: { label: "Internal Inbox", flag: participants.hasReceived },
  sent: { label: "Internal Sent", flag: participants.hasSent },
} as const;
export type ViewId = keyof typeof VIEWS;
export const viewId = z.enum(Object.keys(VIEWS) as [ViewId, ...ViewId[]]);

export type ConversationRow = {
  id: string;
  kind: "internal" | "customer";
  lastMessageAt: Date;
  unread: boolean;
  people: { id: string; name: string }[];
  preview: { authorName: string | null; body: string; system: boolean } | null;
};

const cursorSchema = z.object({
  // Bounded to years Postgres and JavaScript agree on, so a hand-made cursor cannot reach the database as an error.
  t: z.iso.datetime().refine((t) => {
    const year = new Date(t).getUTCFullYear();
    return year >= 1970 && year <= 9999;
  }),
  id: z.uuid(),
});

/** An opaque keyset cursor: the sort key of the last row shown. */
const encodeCursor = (row: { lastMessageAt: Date; id: string }) =>
  Buffer.from(JSON.stringify({ t: row.lastMessageAt.toISOString(), id: row.id })).toString("base64url");

function decodeCursor(cursor: string | undefined) {
  if (!cursor) return undefined;
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString()));
  } catch {
    return undefined; // a stale or hand-edited cursor starts from the top rather than failing
  }
}

/**
 * One page of a view, newest activity first, with keyset paging: each page is one backward range
 * scan of `participants_user_view_idx`, however many conversations the person has.
 */
export async function listConversations(
  db: Db,
  { actor, view, cursor, limit = 30 }: { actor: TeamActor; view: ViewId; cursor?: string; limit?: number },
): Promise<{ rows: ConversationRow[]; nextCursor: string | null }> {
  const after = decodeCursor(cursor);
  const page = await db
    .select({
      id: participants.conversationId,
      kind: participants.kind,
      lastMessageAt: participants.lastMessageAt,
      unread: sql<boolean>`${participants.latestSeq} > ${participants.lastReadSeq}`,
      latestSeq: participants.latestSeq,
    })
    .from(participants)
    .where(
      and(
        eq(participants.userId, actor.userId),
        eq(participants.workspaceId, actor.workspaceId),
        eq(participants.kind, "internal"),
        eq(VIEWS[view].flag, true),
        after
          ? sql`(${participants.lastMessageAt}, ${participants.conversationId}) < (${after.t}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(participants.lastMessageAt), desc(participants.conversationId))
    .limit(limit + 1);

  const hasMore = page.length > limit;
  const shown = page.slice(0, limit);
  const details = await loadRowDetails(db, actor, shown);
  const last = shown.at(-1);
  return {
    rows: shown.map((row) => ({
      id: row.id,
      kind: row.kind,
      lastMessageAt: row.lastMessageAt,
      unread: row.unread,
      people: details.people.get(row.id) ?? [],
      preview: details.previews.get(row.id) ?? null,
    })),
    nextCursor: hasMore && last ? encodeCursor(last) : null,
  };
}

/** The other people and the newest message of each listed conversation: two queries for the whole page. */
async function loadRowDetails(db: Db, actor: TeamActor, rows: { id: string; latestSeq: number }[]) {
  const people = new Map<string, { id: string; name: string }[]>();
  const previews = new Map<string, NonNullable<ConversationRow["preview"]>>();
  if (rows.length === 0) return { people, previews };
  const ids = rows.map((row) => row.id);

  const others = await db
    .select({ conversationId: participants.conversationId, id: users.id, name: users.name })
    .from(participants)
    .innerJoin(users, eq(users.id, participants.userId))
    .where(and(inArray(participants.conversationId, ids), ne(participants.userId, actor.userId)))
    .orderBy(asc(participants.addedAt), asc(users.name));
  for (const other of others) {
    const list = people.get(other.conversationId) ?? [];
    list.push({ id: other.id, name: other.name });
    people.set(other.conversationId, list);
  }

  const newest = await db
    .select({
      conversationId: messages.conversationId,
      body: messages.body,
      authorKind: messages.authorKind,
      authorName: users.name,
    })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .where(
      sql`(${messages.conversationId}, ${messages.seq}) in (${sql.join(
        rows.map((row) => sql`(${row.id}::uuid, ${row.latestSeq})`),
        sql`, `,
      )})`,
    );
  for (const message of newest) {
    previews.set(message.conversationId, {
      authorName: message.authorName,
      body: message.body.slice(0, 200),
      system: message.authorKind === "system",
    });
  }
  return { people, previews };
}

/** Unread conversations in each view, for the counts beside the view links. */
export async function countUnreadByView(
  db: Db,
  { actor }: { actor: TeamActor },
): Promise<Record<ViewId, number>> {
  const [row] = await db
    .select({
      inbox: sql<number>`count(*) filter (where ${participants.hasReceived})::int`,
      sent: sql<number>`count(*) filter (where ${participants.hasSent})::int`,
    })
    .from(participants)
    .where(
      and(
        eq(participants.userId, actor.userId),
        eq(participants.workspaceId, actor.workspaceId),
        eq(participants.kind, "internal"),
        sql`${participants.latestSeq} > ${participants.lastReadSeq}`,
      ),
    );
  return { inbox: row?.inbox ?? 0, sent: row?.sent ?? 0 };
}
