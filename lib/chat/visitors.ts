import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers, messages } from "@/db/schema";
import { customerActorOf } from "@/lib/auth/actor";
import { announce, type PostedMessage, postInTransaction } from "@/lib/conversations/post-message";
import { startCustomerThread } from "@/lib/conversations/start-conversation";
import { hitRateLimit, type RateLimit } from "@/lib/rate-limit";
import { startCustomerSession } from "./customer-session";

/** What the team calls someone who wrote without giving a name. */
export const VISITOR_NAME = "Visitor";

/** New visitors from one network, per hour: a visitor costs nothing to make, so it is counted. */
export const NEW_VISITORS_PER_CLIENT: RateLimit = {
  name: "visitors-client",
  max: 20,
  windowSeconds: 3600,
  message: "Many new chats have been started from your network this hour.",
};

/**
 * New visitors in one workspace, per hour, counted only when no trusted proxy says where a request
 * comes from (TRUSTED_PROXY_HOPS=0): then it is all that stops a script filling Open
 * Conversations. With a proxy, each network has its own limit, and no one network can use up a
 * shared one and close the chat to everyone else.
 */
export const NEW_VISITORS_PER_WORKSPACE: RateLimit = {
  name: "visitors-workspace",
  max: 500,
  windowSeconds: 3600,
  message: "This chat is taking more new conversations than it can right now.",
};

/**
 * How long the answer to a visitor's first message may be lost and its retry still find the
 * visitor it made. The client message id is the key: 122 random bits that only the visitor's
 * browser and its own message have ever held (a message's id is shown to its author only).
 */
const RETRY_WINDOW_MS = 10 * 60_000;

export type VisitorStart = {
  workspaceId: string;
  body: string;
  /** A UUID the browser chose for this first message; a retry carries the same one. */
  clientMessageId: string;
  clientAddress: string | null;
  /** Signs the session cookie the visitor gets. */
  secret: string;
  now?: Date;
};

/**
 * Someone with no session writes on the chat page: in one transaction, a visitor (a customer with
 * no confirmed address), their conversation with its first message, and their chat session. A
 * refused message (empty, too long, over a limit) makes no visitor at all. A retry of the same
 * first message finds the visitor it made and signs the browser in again, so it is stored once.
 */
export async function startVisitorConversation(
  db: Db,
  { workspaceId, body, clientMessageId, clientAddress, secret, now = new Date() }: VisitorStart,
): Promise<{ posted: PostedMessage; session: { token: string; seconds: number } }> {
  const retried = await findRetriedVisitorStart(db, { workspaceId, clientMessageId, now });
  if (retried) {
    // Each retry is a new session: counted as a new visitor is, so retries cannot mint them freely.
    await hitNewVisitorLimit(db, { workspaceId, clientAddress, now });
    const session = await startCustomerSession(
      db,
      { customerId: retried.customerId, workspaceId },
      secret,
      now,
    );
    return { posted: retried.posted, session };
  }
  const { posted, events, session } = await db.transaction(async (tx) => {
    await hitNewVisitorLimit(tx, { workspaceId, clientAddress, now });
    const [visitor] = await tx
      .insert(customers)
      .values({ workspaceId, name: VISITOR_NAME, email: null, createdAt: now })
      .returning({ id: customers.id });
    if (!visitor) throw new Error("insert returned no visitor");
    const actor = customerActorOf(
      { id: visitor.id, workspaceId, name: VISITOR_NAME, email: null },
      { clientAddress },
    );
    const { posted, events } = await postInTransaction(tx, {
      actor,
      body,
      clientMessageId,
      now,
      startThread: (t) => startCustomerThread(t, actor, now),
    });
    const session = await startCustomerSession(tx, { customerId: visitor.id, workspaceId }, secret, now);
    return { posted, events, session };
  });
  await announce(events);
  return { posted, session };
}

const hitNewVisitorLimit = (
  db: Db,
  { workspaceId, clientAddress, now }: { workspaceId: string; clientAddress: string | null; now: Date },
) =>
  clientAddress
    ? hitRateLimit(db, NEW_VISITORS_PER_CLIENT, clientAddress, now)
    : hitRateLimit(db, NEW_VISITORS_PER_WORKSPACE, workspaceId, now);

/**
 * The visitor a recent first message with this client id made, if it is still a visitor (not one
 * a site vouches for, whose sessions come from the site's identity alone).
 */
async function findRetriedVisitorStart(
  db: Db,
  { workspaceId, clientMessageId, now }: { workspaceId: string; clientMessageId: string; now: Date },
) {
  const [row] = await db
    .select({
      customerId: customers.id,
      conversationId: messages.conversationId,
      messageId: messages.id,
      seq: messages.seq,
    })
    .from(customers)
    .innerJoin(messages, eq(messages.authorCustomerId, customers.id))
    .where(
      and(
        eq(customers.workspaceId, workspaceId),
        isNull(customers.email),
        isNull(customers.externalId),
        gt(customers.createdAt, new Date(now.getTime() - RETRY_WINDOW_MS)),
        eq(messages.clientMessageId, clientMessageId),
      ),
    )
    .limit(1);
  return row
    ? {
        customerId: row.customerId,
        posted: { conversationId: row.conversationId, messageId: row.messageId, seq: row.seq },
      }
    : null;
}
