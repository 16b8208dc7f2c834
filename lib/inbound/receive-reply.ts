import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, customers, inboundEmails, participants, users, workspaces } from "@/db/schema";
import { customerActorOf, teamActorOf } from "@/lib/auth/actor";
import { conversationLink } from "@/lib/chat/conversation-links";
import { announce, postInTransaction } from "@/lib/conversations/post-message";
import { DomainError } from "@/lib/domain-error";
import { bareAddress } from "@/lib/email/address";
import { queueEmails } from "@/lib/email/mailer";
import { repliesClosedEmail } from "@/lib/email/templates/replies-closed";
import { hitRateLimit, type RateLimit } from "@/lib/rate-limit";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { automaticMailReason } from "./automatic-mail";
import { readReplyToken, tokenInRecipients } from "./reply-address";
import { visibleReply } from "./visible-reply";

/** An email that came in, as the provider hands it over (lib/inbound/resend-inbound.ts). */
export type IncomingEmail = {
  /** The provider's id for it: the same email delivered twice has the same one. */
  providerEmailId: string;
  /** Its Message-ID header. */
  messageId: string | null;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string | null;
  html: string | null;
  headers: Record<string, string>;
};

export type ReceiveSettings = {
  /** INBOUND_EMAIL_DOMAIN: reply addresses are at this domain. */
  replyDomain: string;
  /** AUTH_SECRET: reply tokens are signed with it. */
  secret: string;
  /** EMAIL_FROM: mail from the product's own sender is never posted. */
  ownSender?: string;
  appUrl: string;
  now?: Date;
};

export type Received =
  | { outcome: "posted"; conversationId: string; messageId: string }
  | { outcome: "refused" | "automatic" | "empty" | "expired"; reason: string }
  | { outcome: "duplicate" };

/** The polite answer to a closed reply address goes to one address at most once a day. */
const REPLIES_CLOSED_NOTICE: RateLimit = {
  name: "replies-closed-notice",
  max: 1,
  windowSeconds: 86_400,
  message: "A note that replies are closed was sent to this address today.",
};

/**
 * A reply to a notification email (DELIVERY-RULES: reply by email). It is posted, through the one
 * pipeline, from the person its reply address names, to the thread it names, and only if:
 * - a person wrote it: auto-replies, bounces and mail from our own sender are recorded, not posted;
 * - its reply address is genuine (signed), and names someone still in that thread;
 * - it comes from that person's own address: anyone else who learns the address is refused;
 * - something was written above the quoted email.
 * An address past its time, or a deactivated member's, gets a polite answer instead. Every email
 * is recorded with what became of it, and the original is kept with a posted message. The record
 * is written first, in the same transaction, so a webhook delivered twice (or the same email
 * under another provider id) posts once, and a crash before the commit loses nothing: the
 * provider's retry does it all again.
 */
export async function receiveReply(
  db: Db,
  email: IncomingEmail,
  settings: ReceiveSettings,
): Promise<Received> {
  const now = settings.now ?? new Date();
  const { received, events } = await db.transaction(async (tx) => {
    const [record] = await tx
      .insert(inboundEmails)
      .values({
        providerEmailId: email.providerEmailId,
        messageIdHeader: email.messageId,
        outcome: "refused",
        fromAddress: bareAddress(email.from),
        subject: email.subject,
        text: email.text,
        html: email.html,
        receivedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: inboundEmails.id });
    if (!record) return { received: { outcome: "duplicate" } as const, events: [] };
    const outcome = await decide(tx, email, settings, now);
    await tx
      .update(inboundEmails)
      .set({
        outcome: outcome.received.outcome,
        reason: "reason" in outcome.received ? outcome.received.reason : null,
        workspaceId: outcome.thread?.workspaceId,
        conversationId: outcome.thread?.conversationId,
        postedMessageId: outcome.received.outcome === "posted" ? outcome.received.messageId : null,
      })
      .where(eq(inboundEmails.id, record.id));
    return outcome;
  });
  await announce(events);
  return received;
}

type Decision = {
  received: Exclude<Received, { outcome: "duplicate" }>;
  thread?: { workspaceId: string; conversationId: string };
  events: RealtimeEvent[];
};

async function decide(tx: Db, email: IncomingEmail, settings: ReceiveSettings, now: Date): Promise<Decision> {
  const from = bareAddress(email.from);
  const not = (
    outcome: "refused" | "automatic" | "empty" | "expired",
    reason: string,
    thread?: Decision["thread"],
  ) => ({
    received: { outcome, reason },
    thread,
    events: [],
  });
  if (settings.ownSender && from === bareAddress(settings.ownSender))
    return not("automatic", "from the product's own sender address");
  if (from.endsWith(`@${settings.replyDomain.toLowerCase()}`))
    return not("automatic", "from a reply address of the product's own");
  const automatic = automaticMailReason({ headers: email.headers, from: email.from });
  if (automatic) return not("automatic", automatic);

  const token = tokenInRecipients([...email.to, ...email.cc], settings.replyDomain);
  if (!token) return not("refused", "no reply address in its recipients");
  const read = readReplyToken(token, settings.secret, now);
  if (!read) return not("refused", "a reply address that is forged or altered");
  const person = await personOf(tx, read.participantId);
  if (!person) return not("refused", "a reply address of someone no longer in the thread");
  const thread = { workspaceId: person.workspaceId, conversationId: person.conversationId };
  // Before anything is answered: a reply address someone learned gets nothing back, not even a note.
  if (!person.email || person.email.toLowerCase() !== from)
    return not("refused", `sent from ${from}, not from the reply address's own person`, thread);

  const closed = read.expired
    ? "a reply address past its time"
    : person.inactive
      ? "a reply address of a deactivated member"
      : null;
  if (closed) {
    await noticeRepliesClosed(tx, { to: from, email, person, settings, now });
    return not("expired", closed, thread);
  }

  const body = visibleReply(email);
  if (!body) return not("empty", "nothing written above the quoted email", thread);

  try {
    // A savepoint: a refusal from the pipeline undoes its own writes, and the record still commits.
    const { posted, events } = await tx.transaction((post) =>
      postInTransaction(post, {
        actor: person.actor,
        conversationId: person.conversationId,
        body,
        // What the composer of that thread starts on: a reply, or on a ticket perhaps a note.
        visibility: person.onItem ? person.itemVisibility : "public",
        // The pipeline's own guard against a send stored twice, beside the record's.
        clientMessageId: `email:${email.providerEmailId}`,
        now,
      }),
    );
    return { received: { outcome: "posted", ...posted }, thread, events };
  } catch (error) {
    if (error instanceof DomainError) return not("refused", `${error.code}: ${error.message}`, thread);
    throw error;
  }
}

/** The reply address's person, as the actor who posts, with their address and their thread. */
async function personOf(tx: Db, participantId: string) {
  const [row] = await tx
    .select({
      participant: participants,
      user: users,
      customer: customers,
      onItem: conversations.onItem,
      itemVisibility: workspaces.itemDefaultVisibility,
      workspaceSlug: workspaces.slug,
    })
    .from(participants)
    .innerJoin(conversations, eq(conversations.id, participants.conversationId))
    .innerJoin(workspaces, eq(workspaces.id, participants.workspaceId))
    .leftJoin(users, eq(users.id, participants.userId))
    .leftJoin(customers, eq(customers.id, participants.customerId))
    .where(eq(participants.id, participantId));
  if (!row) return null;
  const { participant, user, customer } = row;
  const base = {
    workspaceId: participant.workspaceId,
    conversationId: participant.conversationId,
    onItem: row.onItem,
    itemVisibility: row.itemVisibility,
    workspaceSlug: row.workspaceSlug,
  };
  if (user)
    return { ...base, actor: teamActorOf(user), email: user.email, inactive: user.deactivatedAt !== null };
  if (!customer) return null;
  // A revoked customer is signed out everywhere and let in by no link: replies are closed too.
  return {
    ...base,
    actor: customerActorOf(customer),
    email: customer.email,
    inactive: customer.revokedAt !== null,
  };
}

/**
 * "This address no longer accepts replies": to the person's own address (never to a From that did
 * not match), at most once a day however many replies they send, with a way back when there is one.
 */
async function noticeRepliesClosed(
  tx: Db,
  {
    to,
    email,
    person,
    settings,
    now,
  }: {
    to: string;
    email: IncomingEmail;
    person: NonNullable<Awaited<ReturnType<typeof personOf>>>;
    settings: ReceiveSettings;
    now: Date;
  },
) {
  try {
    await tx.transaction((counted) => hitRateLimit(counted, REPLIES_CLOSED_NOTICE, to, now));
  } catch (error) {
    if (error instanceof DomainError && error.code === "rate_limited") return;
    throw error;
  }
  const { actor } = person;
  const openUrl = person.inactive
    ? null
    : actor.kind === "user"
      ? new URL(`/messenger/c/${person.conversationId}`, settings.appUrl).toString()
      : conversationLink(
          {
            appUrl: settings.appUrl,
            workspaceSlug: person.workspaceSlug,
            customerId: actor.customerId,
            conversationId: person.conversationId,
          },
          settings.secret,
          now,
        );
  await queueEmails(
    tx,
    [
      {
        to,
        workspaceId: person.workspaceId,
        ...(actor.kind === "user" && { privateToUserId: actor.userId }),
        ...(await repliesClosedEmail({ subject: email.subject, openUrl })),
      },
    ],
    now,
  );
}
