import "server-only";
import { and, desc, eq, gt, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers, inboundEmails, messages, users, workspaces } from "@/db/schema";
import type { AttachmentSummary } from "@/lib/attachments/file-kinds";
import { attachmentsOfMessages } from "@/lib/attachments/read-attachments";
import type { MentionRange } from "@/lib/mentions/mention-text";
import { mentionsOfMessages } from "@/lib/mentions/mentions";
import { requireViewAccess, type Viewer } from "./access";
import { customerVisible } from "./customer-visibility";

/** A message as its viewer may see it. */
export type ThreadMessage = {
  id: string;
  seq: number;
  kind: "user" | "customer" | "system";
  /** Who wrote it (or, for a system line, caused it). The id only for a team viewer: a customer's page holds no team ids. */
  author: { id: string | null; name: string } | null;
  mine: boolean;
  body: string;
  /** For a team viewer, the teammates it mentions and where (lib/mentions/); a customer reads plain names. */
  mentions: MentionRange[];
  /** Its files: names and ids only; the bytes come from the download route, which checks access again. */
  attachments: AttachmentSummary[];
  /** An internal message: the team's only. Never in a customer's answer. */
  internal: boolean;
  /** Only on the viewer's own messages: lets their client swap its "sending…" copy for the stored one. */
  clientMessageId: string | null;
  createdAt: Date;
  /** When it was last edited ("edited"); null if never. */
  editedAt: Date | null;
  /** Deleted: shown as "This message was deleted", its body empty. */
  deleted: boolean;
  /** On the viewer's own messages: until when they may still edit or delete it. */
  changeableUntil: Date | null;
  /** For a team viewer: it came in as a reply by email, whose original they may open (lib/inbound/). */
  viaEmail: boolean;
};

/** A page of messages is at most this long; older ones load as the reader scrolls up. */
export const MESSAGE_PAGE = 100;
const CATCH_UP_LIMIT = 200;

/**
 * Messages after `afterSeq`, oldest first: what a client fetches when told of a new message, and
 * to catch up after a dropped connection. `complete` is false when it is too far behind for one
 * answer (then it reloads the thread).
 */
export async function listMessagesSince(
  db: Db,
  { viewer, conversationId, afterSeq }: { viewer: Viewer; conversationId: string; afterSeq: number },
): Promise<{ messages: ThreadMessage[]; complete: boolean }> {
  await requireViewAccess(db, viewer, conversationId);
  const page = await readMessages(db, viewer, {
    conversationId,
    range: gt(messages.seq, afterSeq),
    limit: CATCH_UP_LIMIT,
  });
  return { messages: page.messages, complete: !page.hasEarlier };
}

/** The page of messages just before `beforeSeq`, oldest first: loaded as the reader scrolls up. */
export async function listMessagesBefore(
  db: Db,
  { viewer, conversationId, beforeSeq }: { viewer: Viewer; conversationId: string; beforeSeq: number },
): Promise<{ messages: ThreadMessage[]; hasEarlier: boolean }> {
  await requireViewAccess(db, viewer, conversationId);
  return readMessages(db, viewer, {
    conversationId,
    range: lt(messages.seq, beforeSeq),
    limit: MESSAGE_PAGE,
  });
}

/** One message as the viewer may see it now (after a `message.changed`), or null if they may not. */
export async function getThreadMessage(
  db: Db,
  { viewer, conversationId, messageId }: { viewer: Viewer; conversationId: string; messageId: string },
): Promise<ThreadMessage | null> {
  await requireViewAccess(db, viewer, conversationId);
  const page = await readMessages(db, viewer, {
    conversationId,
    range: eq(messages.id, messageId),
    limit: 1,
  });
  return page.messages[0] ?? null;
}

/**
 * The newest `limit` messages of a thread in `range`, oldest first, as the viewer may see them:
 * a customer gets what the customer rule allows and no team ids. Callers check access first.
 */
export async function readMessages(
  db: Db,
  viewer: Viewer,
  { conversationId, range, limit = MESSAGE_PAGE }: { conversationId: string; range?: SQL; limit?: number },
): Promise<{ messages: ThreadMessage[]; hasEarlier: boolean }> {
  const forCustomer = viewer.kind === "customer";
  const rows = await db
    .select({
      id: messages.id,
      seq: messages.seq,
      kind: messages.authorKind,
      authorUserId: messages.authorUserId,
      authorCustomerId: messages.authorCustomerId,
      authorName: sql<string | null>`coalesce(${users.name}, ${customers.name})`,
      body: messages.body,
      visibility: messages.visibility,
      clientMessageId: messages.clientMessageId,
      createdAt: messages.createdAt,
      editedAt: messages.editedAt,
      deletedAt: messages.deletedAt,
      editWindowSeconds: workspaces.messageEditWindowSeconds,
      viaEmail: forCustomer
        ? sql<boolean>`false`
        : sql<boolean>`exists (select 1 from ${inboundEmails} where ${inboundEmails.postedMessageId} = ${messages.id})`,
    })
    .from(messages)
    .innerJoin(workspaces, eq(workspaces.id, messages.workspaceId))
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .leftJoin(customers, eq(customers.id, messages.authorCustomerId))
    .where(and(eq(messages.conversationId, conversationId), forCustomer ? customerVisible : undefined, range))
    .orderBy(desc(messages.seq))
    .limit(limit + 1);
  // Only the messages this viewer may see are asked for, so neither are their files.
  const shown = rows.slice(0, limit).map((row) => row.id);
  const [files, mentions] = await Promise.all([
    attachmentsOfMessages(db, shown),
    forCustomer ? new Map<string, MentionRange[]>() : mentionsOfMessages(db, shown),
  ]);
  return {
    hasEarlier: rows.length > limit,
    messages: rows
      .slice(0, limit)
      .reverse()
      .map((row): ThreadMessage => {
        const mine = forCustomer
          ? row.authorCustomerId === viewer.customerId
          : row.kind === "user" && row.authorUserId === viewer.userId;
        const authorId = forCustomer ? null : (row.authorUserId ?? row.authorCustomerId);
        return {
          id: row.id,
          seq: row.seq,
          kind: row.kind,
          author: row.authorName ? { id: authorId, name: row.authorName } : null,
          mine,
          body: row.body,
          mentions: row.deletedAt === null ? (mentions.get(row.id) ?? []) : [],
          attachments: files.get(row.id) ?? [],
          internal: row.visibility === "internal",
          clientMessageId: mine ? row.clientMessageId : null,
          createdAt: row.createdAt,
          editedAt: row.editedAt,
          deleted: row.deletedAt !== null,
          changeableUntil:
            mine && row.deletedAt === null
              ? new Date(row.createdAt.getTime() + row.editWindowSeconds * 1000)
              : null,
          viaEmail: row.viaEmail,
        };
      }),
  };
}
