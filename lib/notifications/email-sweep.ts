import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jsonRows } from "@/db/json-rows";
import {
  conversations,
  customers,
  deliveries,
  items,
  messageMentions,
  messages,
  participants,
  users,
  workspaces,
} from "@/db/schema";
import { type AttachmentSummary, attachmentPath } from "@/lib/attachments/file-kinds";
import { attachmentsOfMessages } from "@/lib/attachments/read-attachments";
import { conversationLink } from "@/lib/chat/conversation-links";
import { clockFrom } from "@/lib/clock";
import { customerVisible } from "@/lib/conversations/customer-visibility";
import type { EmailDriver } from "@/lib/email/driver";
import { type Email, queueEmails, sendDueEmails } from "@/lib/email/mailer";
import { personDisplayName, workspaceDisplayName } from "@/lib/email/templates/email-names";
import { unseenMessagesEmail } from "@/lib/email/templates/unseen-messages";
import { senderDomain, threadHeaders } from "@/lib/email/thread-headers";
import { emailAddressing, getEnv } from "@/lib/env";
import { groupBy } from "@/lib/group-by";
import { replyAddress } from "@/lib/inbound/reply-address";
import { plainText } from "@/lib/plain-text";
import { cancelReason, cancelWithReasons } from "./cancel-reason";
import { claimDueDeliveries } from "./claim-deliveries";
import { emailPolicy } from "./email-policy";
import { inRecipientThreads } from "./in-recipient-threads";
import { listUnsubscribeHeaders, unsubscribeUrl } from "./unsubscribe-links";

/**
 * The email fallback sweep (DELIVERY-RULES, "The email itself"). Run by the cron route and by an
 * in-process timer; any number may run at once.
 * 1. Claims due deliveries (`FOR UPDATE SKIP LOCKED`) and, per recipient (team member or
 *    customer) and conversation,
 *    cancels what the recipient has seen or may no longer get, and puts everything else still
 *    unseen in that conversation, due or not, into one outbox email.
 * 2. Sends due outbox emails, each once, with retries (lib/email/mailer.ts).
 * The two run side by side, so the provider's latency overlaps the batching of the next round.
 */
export async function runEmailSweep(
  db: Db,
  {
    driver,
    now = new Date(),
    appUrl = getEnv().APP_URL,
    secret,
    replyDomain = emailAddressing().replyDomain,
  }: {
    driver?: EmailDriver;
    now?: Date;
    appUrl?: string;
    secret?: string;
    /** Where replies go (INBOUND_EMAIL_DOMAIN); without one, emails name no reply address. */
    replyDomain?: string;
  } = {},
) {
  const batched = { emails: 0, cancelled: 0 };
  // The sender waits for the batcher's next round rather than polling the outbox.
  let batching = true;
  let rounds = 0;
  let wake = () => {};
  const batchAll = async () => {
    try {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const { claimed, emails, cancelled } = await batchDueDeliveries(db, now, {
          appUrl,
          secret,
          replyDomain,
        });
        batched.emails += emails;
        batched.cancelled += cancelled;
        rounds++;
        wake();
        if (claimed < CLAIM_LIMIT) return;
      }
    } finally {
      batching = false;
      wake();
    }
  };
  const sent = { sent: 0, retrying: 0, failed: 0 };
  const clock = clockFrom(now);
  const sendAll = async () => {
    for (;;) {
      const [roundsBefore, lastCall] = [rounds, !batching];
      const call = await sendDueEmails(db, { driver, now: clock() });
      sent.sent += call.sent;
      sent.retrying += call.retrying;
      sent.failed += call.failed;
      if (call.sent + call.retrying + call.failed > 0) continue;
      if (lastCall) return;
      if (rounds === roundsBefore && batching) await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  const outcomes = await Promise.allSettled([batchAll(), sendAll()]);
  for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
  return { ...batched, ...sent };
}

/** Deliveries claimed per transaction, and transactions per sweep: 20,000 a sweep at most. */
const CLAIM_LIMIT = 1_000;
const MAX_ROUNDS = 20;

type Kind = "user" | "customer";
type Group = { kind: Kind; recipientId: string; conversationId: string };
const groupKey = (group: { recipientId: string | null; conversationId: string }) =>
  `${group.recipientId}:${group.conversationId}`;
const recipientColumn = { user: deliveries.recipientUserId, customer: deliveries.recipientCustomerId };

export type Links = { appUrl: string; secret?: string; replyDomain?: string };

/**
 * Phase 1, set-based: a handful of statements however many recipients are due. Exported for the
 * tests that need an email written but not yet sent (what a deleted message drops out of).
 */
export async function batchDueDeliveries(db: Db, now: Date, links: Links) {
  return db.transaction(async (tx) => {
    const due = await claimDueDeliveries(tx, { channel: "email", now, limit: CLAIM_LIMIT });
    const groups = [
      ...new Map(
        due.map((row): [string, Group] => {
          const group: Group = row.userId
            ? { kind: "user", recipientId: row.userId, conversationId: row.conversationId }
            : { kind: "customer", recipientId: row.customerId as string, conversationId: row.conversationId };
          return [groupKey(group), group];
        }),
      ).values(),
    ];
    if (groups.length === 0) return { claimed: due.length, emails: 0, cancelled: 0 };
    const ofKind = (kind: Kind) => groups.filter((group) => group.kind === kind);

    // Everything still unbatched for those recipients in those conversations, due or not.
    const pending = (
      await Promise.all(
        (["user", "customer"] as const).map((kind) =>
          ofKind(kind).length === 0 ? [] : pendingDeliveries(tx, kind, ofKind(kind)),
        ),
      )
    ).flat();
    const pendingOf = groupBy(pending, groupKey);

    const recipients = await loadRecipients(tx, ofKind("user"), ofKind("customer"));
    // A customer's rows hold only messages they may see, so only those messages' files are listed.
    const files = await attachmentsOfMessages(tx, [...new Set(pending.map((row) => row.messageId))]);
    const recipientOf = new Map(recipients.map((row) => [groupKey(row), row]));

    const dropped: { id: string; reason: string }[] = [];
    // Each email, and the deliveries it carries (by the email's place in the list).
    const emails: Email[] = [];
    const carried: string[][] = [];
    for (const group of groups) {
      const recipient = recipientOf.get(groupKey(group));
      const rows = pendingOf.get(groupKey(group)) ?? [];
      // Whether each message may still reach them: a mention of them reaches through a mute.
      const unseen: typeof rows = [];
      for (const row of rows) {
        const reason = cancelReason(
          { seq: row.seq, mentioned: row.mentionsRecipient },
          recipient,
          group.kind === "customer" ? "unsubscribed" : "email turned off",
        );
        if (reason) dropped.push({ id: row.id, reason });
        else unseen.push(row);
      }
      if (!recipient || unseen.length === 0) continue;
      carried.push(unseen.map((row) => row.id));
      emails.push(await composeEmail(group, recipient, unseen, links, files));
    }

    await cancelWithReasons(tx, dropped);
    if (emails.length > 0) {
      const { emailIds } = await queueEmails(tx, emails, now);
      const batched = emailIds.flatMap((emailId, index) =>
        (carried[index] ?? []).map((deliveryId) => ({ deliveryId, emailId })),
      );
      await tx.execute(sql`
        update deliveries set carrier_id = b."emailId", status = 'queued'
        from json_to_recordset(${jsonRows(batched)}) as b("deliveryId" uuid, "emailId" uuid)
        where deliveries.id = b."deliveryId"`);
    }
    return { claimed: due.length, emails: emails.length, cancelled: dropped.length };
  });
}

/** The unbatched deliveries of these recipients in these conversations, with their messages, in order. */
function pendingDeliveries(tx: Db, kind: Kind, groups: Group[]) {
  const column = recipientColumn[kind];
  return quotedDeliveries(
    tx,
    kind,
    and(eq(deliveries.status, "pending"), inRecipientThreads(column, deliveries.conversationId, groups)),
  ).for("update", { of: deliveries, skipLocked: true });
}

/** Deliveries with what their email quotes of each message, in the thread's order. */
function quotedDeliveries(tx: Db, kind: Kind, where: SQL | undefined) {
  const column = recipientColumn[kind];
  return tx
    .select({
      id: deliveries.id,
      recipientId: column,
      conversationId: deliveries.conversationId,
      seq: messages.seq,
      messageId: messages.id,
      body: messages.body,
      createdAt: messages.createdAt,
      authorName: sql<string | null>`coalesce(${users.name}, ${customers.name})`,
      fromTeam: sql<boolean>`${messages.authorUserId} is not null`,
      mentionsRecipient:
        kind === "user"
          ? sql<boolean>`exists (select 1 from ${messageMentions} where ${messageMentions.messageId} = ${messages.id}
              and ${messageMentions.userId} = ${deliveries.recipientUserId})`
          : sql<boolean>`false`,
    })
    .from(deliveries)
    .innerJoin(messages, eq(messages.id, deliveries.messageId))
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .leftJoin(customers, eq(customers.id, messages.authorCustomerId))
    .where(
      and(
        eq(deliveries.channel, "email"),
        where,
        sql`${column} is not null`,
        // A customer's email quotes only what they may see, whatever was planned.
        kind === "customer" ? customerVisible : undefined,
      ),
    )
    .orderBy(asc(messages.seq));
}

/**
 * An unsent email written again from the deliveries it still carries, as the sweep wrote it first
 * (after a message it quoted was deleted). Null when it carries none any more.
 */
export async function recomposeEmail(
  tx: Db,
  { emailId, links }: { emailId: string; links?: Partial<Links> },
): Promise<Email | null> {
  const carried = eq(deliveries.carrierId, emailId);
  for (const kind of ["user", "customer"] as const) {
    const rows = await quotedDeliveries(tx, kind, and(carried, eq(deliveries.status, "queued")));
    const first = rows[0];
    if (!first?.recipientId) continue;
    const group: Group = { kind, recipientId: first.recipientId, conversationId: first.conversationId };
    const [recipient] = await loadRecipients(
      tx,
      kind === "user" ? [group] : [],
      kind === "customer" ? [group] : [],
    );
    if (!recipient) return null;
    const files = await attachmentsOfMessages(
      tx,
      rows.map((row) => row.messageId),
    );
    return composeEmail(
      group,
      recipient,
      rows,
      {
        appUrl: links?.appUrl ?? getEnv().APP_URL,
        secret: links?.secret,
        replyDomain: "replyDomain" in (links ?? {}) ? links?.replyDomain : emailAddressing().replyDomain,
      },
      files,
    );
  }
  return null;
}

/**
 * Who the recipients are now, not when the message was sent: settings and mutes may have changed
 * since. Whether each may still be emailed is the email policy's own condition, the one planning used.
 */
async function loadRecipients(tx: Db, team: Group[], customerGroups: Group[]) {
  const base = {
    participantId: participants.id,
    conversationId: participants.conversationId,
    lastReadSeq: participants.lastReadSeq,
    muted: participants.muted,
    workspaceId: workspaces.id,
    workspaceName: workspaces.name,
    workspaceSlug: workspaces.slug,
    itemKind: items.kind,
    itemNumber: items.number,
    itemTitle: items.title,
    subject: conversations.subject,
  };
  const [members, clients] = await Promise.all([
    team.length === 0
      ? []
      : tx
          .select({
            ...base,
            recipientId: sql<string>`${participants.userId}`,
            email: users.email,
            allowed: sql<boolean>`${emailPolicy.team.mayReceive(sql`false`)}`,
            allowedIfMentioned: sql<boolean>`${emailPolicy.team.mayReceive(sql`true`)}`,
          })
          .from(participants)
          .innerJoin(users, eq(users.id, participants.userId))
          .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
          .innerJoin(conversations, eq(conversations.id, participants.conversationId))
          .leftJoin(items, eq(items.conversationId, participants.conversationId))
          .where(inRecipientThreads(participants.userId, participants.conversationId, team)),
    customerGroups.length === 0
      ? []
      : tx
          .select({
            ...base,
            recipientId: sql<string>`${participants.customerId}`,
            // A visitor has none, and then `allowed` is false: the email is cancelled, never written.
            email: sql<string>`coalesce(${customers.email}, '')`,
            allowed: sql<boolean>`${emailPolicy.customer.mayReceive}`,
            allowedIfMentioned: sql<boolean>`${emailPolicy.customer.mayReceive}`,
          })
          .from(participants)
          .innerJoin(customers, eq(customers.id, participants.customerId))
          .innerJoin(workspaces, eq(workspaces.id, customers.workspaceId))
          .innerJoin(conversations, eq(conversations.id, participants.conversationId))
          .leftJoin(items, eq(items.conversationId, participants.conversationId))
          .where(inRecipientThreads(participants.customerId, participants.conversationId, customerGroups)),
  ]);
  return [...members, ...clients];
}

type Recipient = Awaited<ReturnType<typeof loadRecipients>>[number];
type Unseen = Awaited<ReturnType<typeof quotedDeliveries>>[number];

/**
 * A team member's email links to the messenger (or the item's page), and quotes internal
 * messages, so in the dev mailbox only they may read it. A customer's comes from the agent "via"
 * the workspace, and its button opens the conversation (or ticket) on the chat page, signed in to
 * that one only. About an item, the subject names it: "[#123] Its title"; about a conversation
 * with a subject, it is that subject. Every one carries a one-click unsubscribe link (RFC 8058),
 * in its headers for the mail client's own button and in its footer.
 */
async function composeEmail(
  group: Group,
  recipient: Recipient,
  unseen: Unseen[],
  links: Links,
  files: Map<string, AttachmentSummary[]>,
): Promise<Email> {
  const { appUrl } = links;
  const secret = links.secret ?? getEnv().AUTH_SECRET;
  const unsubscribe = unsubscribeUrl(
    {
      appUrl,
      person: { kind: group.kind, id: group.recipientId, workspaceId: recipient.workspaceId },
    },
    secret,
  );
  const headers = {
    ...listUnsubscribeHeaders(unsubscribe),
    ...threadHeaders({
      conversationId: group.conversationId,
      domain: senderDomain(emailAddressing().from, appUrl),
    }),
  };
  // Their own address for this thread: a reply lands in it, from them (lib/inbound/receive-reply.ts).
  const replyTo = links.replyDomain
    ? replyAddress(recipient.participantId, { domain: links.replyDomain, secret })
    : undefined;
  // Absolute links to the download route, which checks access again; signed out, a customer is
  // sent to their chat page to sign in (`chat`), a team member to the sign-in page.
  const fileLinks = (messageId: string) =>
    (files.get(messageId) ?? []).map((file) => {
      const url = new URL(attachmentPath(file), appUrl);
      if (group.kind === "customer") url.searchParams.set("chat", recipient.workspaceSlug);
      return { name: file.name, url: url.toString() };
    });
  const item =
    recipient.itemNumber === null || recipient.itemKind === null
      ? null
      : { kind: recipient.itemKind, number: recipient.itemNumber, title: recipient.itemTitle ?? "" };
  const messages = unseen.map((row) => ({
    authorName: personDisplayName(row.authorName),
    body: row.body,
    sentAt: row.createdAt,
    attachments: fileLinks(row.messageId),
  }));
  if (group.kind === "user") {
    return {
      to: recipient.email,
      workspaceId: recipient.workspaceId,
      privateToUserId: group.recipientId,
      headers,
      replyTo,
      ...(await unseenMessagesEmail({
        workspaceName: recipient.workspaceName,
        conversationUrl: new URL(
          item ? `/items/${item.number}` : `/messenger/c/${group.conversationId}`,
          appUrl,
        ).toString(),
        audience: {
          kind: "team",
          settingsUrl: new URL("/settings/notifications", appUrl).toString(),
          unsubscribeUrl: unsubscribe,
        },
        messages,
        item,
        subject: recipient.subject,
        repliesByEmail: Boolean(replyTo),
      })),
    };
  }
  // The From name is built from stored names, which may predate the plain-text rule on input.
  const agent = plainText(unseen.findLast((row) => row.fromTeam)?.authorName ?? "");
  const workspace = workspaceDisplayName(recipient.workspaceName);
  return {
    to: recipient.email,
    workspaceId: recipient.workspaceId,
    fromName: agent ? `${agent} via ${workspace}` : workspace,
    headers,
    replyTo,
    ...(await unseenMessagesEmail({
      workspaceName: recipient.workspaceName,
      conversationUrl: conversationLink(
        {
          appUrl,
          workspaceSlug: recipient.workspaceSlug,
          customerId: group.recipientId,
          conversationId: group.conversationId,
        },
        secret,
      ),
      audience: { kind: "customer", unsubscribeUrl: unsubscribe },
      messages,
      item,
      subject: recipient.subject,
      repliesByEmail: Boolean(replyTo),
    })),
  };
}
