import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
// Millisecond precision, like a JS Date, so a keyset cursor made from a row matches it exactly.
const listTime = (name: string) =>
  timestamp(name, { withTimezone: true, precision: 3 }).notNull().defaultNow();

/**
 * Which messages a team member is emailed about when they have not seen them in time: all of them,
 * only those meant for them (internal conversations they take part in, items assigned to them,
 * mentions), or none (lib/notifications/email-policy.ts).
 */
export const emailChoice = pgEnum("email_choice", ["all", "direct", "none"]);
export const messageVisibility = pgEnum("message_visibility", ["public", "internal"]);

/** What the chat page tells a visitor about when the team usually answers. */
export const chatReplyTime = pgEnum("chat_reply_time", ["minutes", "hour", "hours", "day"]);

export const workspaces = pgTable(
  "workspaces",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    // Team members get an email about a message they have not seen this many seconds after it.
    emailDelaySeconds: integer("email_delay_seconds").notNull().default(60),
    teamEmailEnabled: boolean("team_email_enabled").notNull().default(true),
    // Customers are emailed the messages they miss on live chat (DELIVERY-RULES: customer, email).
    customerEmailEnabled: boolean("customer_email_enabled").notNull().default(true),
    // The sites that may show the chat page in a frame (the widget), as CSP frame-ancestors
    // sources; empty means any site.
    chatFrameAncestors: text("chat_frame_ancestors").array().notNull().default(sql`'{}'::text[]`),
    // The number of the newest ticket or task: the next one takes the next number under this row's lock.
    lastItemNumber: integer("last_item_number").notNull().default(0),
    // How long after sending the author may still edit or delete a message (admins may delete any
    // team message at any time).
    messageEditWindowSeconds: integer("message_edit_window_seconds").notNull().default(900),
    // The notification settings a member starts with when they join (lib/team/new-member.ts).
    newMemberBubble: boolean("new_member_bubble").notNull().default(true),
    newMemberSound: boolean("new_member_sound").notNull().default(true),
    newMemberEmailChoice: emailChoice("new_member_email_choice").notNull().default("all"),
    // Which kind of message the composer of a ticket's thread starts on: a reply, or an internal note.
    itemDefaultVisibility: messageVisibility("item_default_visibility").notNull().default("public"),
    // What the chat page and widget say above the composer, before anyone has written.
    chatGreeting: text("chat_greeting").notNull().default("Hi there! Ask us anything, we're happy to help."),
    chatReplyTime: chatReplyTime("chat_reply_time").notNull().default("hours"),
    // Signs the identities a customer's site passes to the widget (HMAC-SHA256 of the user's id):
    // 64 hex characters, one per workspace, rotated by an admin. Two random UUIDs' worth of
    // randomness (244 bits), made by the database so that every workspace, old or new, has one.
    identitySecret: text("identity_secret")
      .notNull()
      .default(sql`replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')`),
    createdAt: createdAt(),
  },
  (t) => [
    check("workspaces_email_delay_range", sql`${t.emailDelaySeconds} between 0 and 86400`),
    check("workspaces_edit_window_range", sql`${t.messageEditWindowSeconds} between 0 and 604800`),
  ],
);
export type Workspace = typeof workspaces.$inferSelect;
export type NewWorkspace = typeof workspaces.$inferInsert;

export const userRole = pgEnum("user_role", ["admin", "member"]);

/** Team members. `emailVerified` is set when the owner of a new workspace confirms their address. */
export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  workspaceId: uuid("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  // Stored lower-cased; one team account per address across the whole install, since sign-in is by email.
  email: text("email").notNull().unique(),
  emailVerified: timestamp("email_verified", { withTimezone: true, mode: "date" }),
  image: text("image"),
  role: userRole("role").notNull().default("member"),
  passwordHash: text("password_hash"),
  deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
  // Show a bubble when a message arrives in a conversation not on screen.
  notifyBubble: boolean("notify_bubble").notNull().default(true),
  // Play a short sound with it, or for a message in a tab that is hidden.
  notifySound: boolean("notify_sound").notNull().default(true),
  emailChoice: emailChoice("email_choice").notNull().default("all"),
  // Which messages reach their devices by Web Push (issue 17): the same three choices as email.
  pushChoice: emailChoice("push_choice").notNull().default("all"),
  // Set by an admin (a member with no mailbox, or for security): no email about messages, whatever
  // the member's own choice, which is kept for when an admin turns it back on.
  emailOffByAdmin: boolean("email_off_by_admin").notNull().default(false),
  // Until then: no bubble, no sound, and emails that fall due wait (lib/notifications/claim-deliveries.ts).
  notificationsPausedUntil: timestamp("notifications_paused_until", { withTimezone: true }),
  // Sees every open customer conversation of the workspace, and joins those a customer starts.
  customerFacing: boolean("customer_facing").notNull().default(true),
  createdAt: createdAt(),
});
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // Null for a visitor: someone who wrote on the chat page without a confirmed address. Nothing
    // is emailed to them until they confirm one by its link (lib/chat/visitor-email.ts).
    email: text("email"),
    // The address a visitor typed and has not confirmed yet; never matched against other customers.
    pendingEmail: text("pending_email"),
    // The user id a customer's site vouches for with a signed identity (lib/chat/identity.ts).
    externalId: text("external_id"),
    // Set by an admin: their new messages are refused, politely.
    blockedAt: timestamp("blocked_at", { withTimezone: true }),
    // Off once they unsubscribe from a conversation email: then replies wait on the chat page.
    notifyEmail: boolean("notify_email").notNull().default(true),
    // Set by an admin: every session ends and no link signs this customer in again.
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("customers_workspace_email_idx").on(t.workspaceId, t.email),
    uniqueIndex("customers_workspace_external_id_idx")
      .on(t.workspaceId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    // Settings → People lists a workspace's customers newest first, a keyset page at a time.
    index("customers_workspace_newest_idx").on(t.workspaceId, t.createdAt, t.id),
  ],
);
export type Customer = typeof customers.$inferSelect;

/**
 * Emailed sign-in links for the chat page. Keyed by address, not by customer, so that asking for a
 * link looks the same whether or not the address is known; the customer is found or created when
 * the link is used. Only a SHA-256 hash of the token is kept, and a link works once.
 */
export const customerSignInTokens = pgTable(
  "customer_sign_in_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    // Set when the link confirms the address a visitor gave: using it verifies (or merges) them.
    visitorCustomerId: uuid("visitor_customer_id").references(() => customers.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  // Counting a workspace's recent requests (and each address's among them), to limit them.
  (t) => [index("customer_sign_in_tokens_recent_idx").on(t.workspaceId, t.createdAt)],
);

export const conversationKind = pgEnum("conversation_kind", ["internal", "customer"]);
export const conversationStatus = pgEnum("conversation_status", ["open", "closed"]);

export const conversations = pgTable(
  "conversations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    kind: conversationKind("kind").notNull(),
    status: conversationStatus("status").notNull().default("open"),
    createdByUserId: uuid("created_by_user_id").references(() => users.id),
    // Sequence number of the newest message. Messages take the next number under this row's lock,
    // so within one conversation the order of numbers is the order of commits.
    lastMessageSeq: integer("last_message_seq").notNull().default(0),
    lastMessageAt: listTime("last_message_at"),
    // What the conversation is about, as its starter typed it (plain text, lib/conversations/subject.ts):
    // it tells two conversations with the same people apart. Null when none was given.
    subject: text("subject"),
    // The thread of a ticket or task (items.conversation_id): every team member may see it, and it
    // lists under Followed items rather than among conversations.
    onItem: boolean("on_item").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    // Open Conversations and Closed for customer-facing members: every customer conversation, newest first.
    index("conversations_customer_view_idx")
      .on(t.workspaceId, t.kind, t.status, t.lastMessageAt, t.id)
      .where(sql`not ${t.onItem}`),
    // A workspace's threads, newest first: search walks it when a word is in many subjects (lib/search/).
    index("conversations_workspace_newest_idx").on(t.workspaceId, t.lastMessageAt, t.id),
    // Search finds a thread by its subject (lib/search/); the same expression must be used there.
    index("conversations_subject_search_idx").using(
      "gin",
      sql`to_tsvector('simple', coalesce(${t.subject}, ''))`,
    ),
  ],
);
export type Conversation = typeof conversations.$inferSelect;

/**
 * One row per person in a conversation: a team member or a customer, never both. On an item's
 * thread, the participants are the item's followers.
 * The list columns (kind, on_item, last_message_at, latest_seq, has_sent, has_received) are copied
 * from the conversation on every send so that each person's views page straight off one index.
 */
export const participants = pgTable(
  "participants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "cascade" }),
    // The conversation's kind, which never changes: lets each view page off one index with no join.
    kind: conversationKind("kind").notNull(),
    // The conversation's on_item: Followed items lists these, the other views the rest.
    onItem: boolean("on_item").notNull().default(false),
    lastReadSeq: integer("last_read_seq").notNull().default(0),
    latestSeq: integer("latest_seq").notNull().default(0),
    lastMessageAt: listTime("last_message_at"),
    hasSent: boolean("has_sent").notNull().default(false),
    hasReceived: boolean("has_received").notNull().default(false),
    muted: boolean("muted").notNull().default(false),
    addedAt: createdAt(),
  },
  (t) => [
    check("participants_one_person", sql`num_nonnulls(${t.userId}, ${t.customerId}) = 1`),
    uniqueIndex("participants_conversation_user_idx").on(t.conversationId, t.userId),
    uniqueIndex("participants_conversation_customer_idx").on(t.conversationId, t.customerId),
    // Ascending on purpose: read backwards it serves `order by last_message_at desc, conversation_id desc`.
    index("participants_user_view_idx")
      .on(t.userId, t.kind, t.lastMessageAt, t.conversationId)
      .where(sql`not ${t.onItem}`),
    // Followed items: the item threads a person follows, by latest activity.
    index("participants_user_items_idx")
      .on(t.userId, t.lastMessageAt, t.conversationId)
      .where(sql`${t.onItem}`),
    // A person's unread threads: the badge's count, which every send works out for each recipient
    // (lib/notifications/plan-deliveries.ts) and every page shows (read-state.ts). With the
    // workspace in the key the count reads the index alone: someone with a thousand unread threads
    // costs a tenth of a millisecond, not a millisecond of heap reads.
    index("participants_user_unread_idx")
      .on(t.userId, t.workspaceId)
      .where(sql`${t.latestSeq} > ${t.lastReadSeq}`),
    // A customer's threads, newest first: the chat page's list, and Search by a customer's name.
    index("participants_customer_list_idx")
      .on(t.customerId, t.lastMessageAt, t.conversationId)
      .where(sql`${t.customerId} is not null`),
  ],
);
export type Participant = typeof participants.$inferSelect;

export const itemKind = pgEnum("item_kind", ["ticket", "task"]);
export const itemStatus = pgEnum("item_status", ["open", "in_progress", "resolved", "closed"]);

/**
 * A ticket (work for a customer, its requester) or a task (internal work). Its messages live in
 * its thread, an ordinary conversation (a customer one for a ticket, an internal one for a task)
 * whose participants are the item's followers, so there is one message and delivery pipeline.
 */
export const items = pgTable(
  "items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    // Shown as #123; unique in the workspace, taken from workspaces.last_item_number.
    number: integer("number").notNull(),
    kind: itemKind("kind").notNull(),
    status: itemStatus("status").notNull().default("open"),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    assigneeUserId: uuid("assignee_user_id").references(() => users.id),
    requesterCustomerId: uuid("requester_customer_id").references(() => customers.id),
    createdByUserId: uuid("created_by_user_id")
      .notNull()
      .references(() => users.id),
    conversationId: uuid("conversation_id")
      .notNull()
      .unique()
      .references(() => conversations.id, { onDelete: "cascade" }),
    createdAt: listTime("created_at"),
    updatedAt: listTime("updated_at"),
  },
  (t) => [
    check("items_ticket_requester", sql`(${t.kind} = 'ticket') = (${t.requesterCustomerId} is not null)`),
    // /items pages newest first off these, read backwards: all items, or one kind, or one status.
    uniqueIndex("items_workspace_number_idx").on(t.workspaceId, t.number),
    index("items_workspace_kind_idx").on(t.workspaceId, t.kind, t.number),
    index("items_workspace_status_idx").on(t.workspaceId, t.status, t.number),
    index("items_assignee_idx").on(t.assigneeUserId, t.number),
  ],
);
export type Item = typeof items.$inferSelect;

/** Postgres full-text search's document type; only ever written by the database (generated columns). */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const messageAuthorKind = pgEnum("message_author_kind", ["user", "customer", "system"]);
/** Internal messages (notes in a customer conversation) are for the team only, on every channel. */

export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    authorKind: messageAuthorKind("author_kind").notNull(),
    authorUserId: uuid("author_user_id").references(() => users.id),
    authorCustomerId: uuid("author_customer_id").references(() => customers.id),
    body: text("body").notNull(),
    visibility: messageVisibility("visibility").notNull().default("public"),
    // Chosen by the sender's client; a retried send carries the same id and is stored once.
    clientMessageId: text("client_message_id"),
    createdAt: listTime("created_at"),
    // Set by the author's last edit; earlier bodies are kept in message_edits, for admins.
    editedAt: timestamp("edited_at", { withTimezone: true, precision: 3 }),
    // A deleted message keeps its place (its seq, author and time) with its body emptied and its
    // files and history removed: "This message was deleted".
    deletedAt: timestamp("deleted_at", { withTimezone: true, precision: 3 }),
    // The body's words for search (lib/search/). The `simple` configuration lower-cases and keeps
    // every word as written, with no stemming or stop words, so it works in any language.
    searchVector: tsvector("search_vector").notNull().generatedAlwaysAs(sql`to_tsvector('simple', body)`),
  },
  (t) => [
    uniqueIndex("messages_conversation_seq_idx").on(t.conversationId, t.seq),
    index("messages_search_idx").using("gin", t.searchVector),
    // Search, newest first: for a common word, walking this backwards finds a page of matches
    // sooner than reading every match from the GIN index and sorting them.
    index("messages_workspace_newest_idx").on(t.workspaceId, t.createdAt, t.id),
    uniqueIndex("messages_user_client_id_idx").on(t.authorUserId, t.clientMessageId),
    uniqueIndex("messages_customer_client_id_idx").on(t.authorCustomerId, t.clientMessageId),
  ],
);
export type Message = typeof messages.$inferSelect;

/**
 * A teammate picked with @ in a team member's message (issue 16): stored with the message, never
 * guessed from its text. `start` and `length` are where their name stands in the body, in UTF-16
 * units, for the team's highlight; the body itself holds the plain name, which is what a customer
 * sees. The Mentions view reads it by person, newest first.
 */
export const messageMentions = pgTable(
  "message_mentions",
  {
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    start: integer("start").notNull(),
    length: integer("length").notNull(),
    createdAt: listTime("created_at"),
  },
  (t) => [
    primaryKey({ columns: [t.messageId, t.userId] }),
    index("message_mentions_user_newest_idx").on(t.userId, t.createdAt, t.messageId),
  ],
);

/**
 * A browser a team member turned push notifications on in (issue 17): its push service's endpoint
 * and the keys its pushes are encrypted for. The endpoint names one browser profile, so it is
 * unique: signing in as someone else there moves it to them.
 */
export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    endpoint: text("endpoint").notNull(),
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    // What the person sees in their list of devices ("Chrome on Android").
    device: text("device").notNull(),
    createdAt: listTime("created_at"),
  },
  (t) => [
    uniqueIndex("push_subscriptions_endpoint_idx").on(t.endpoint),
    index("push_subscriptions_user_idx").on(t.userId),
  ],
);

/** Each earlier body of an edited message, for admins. Removed with the message's text when it is deleted. */
export const messageEdits = pgTable(
  "message_edits",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    // The body as it was until this edit replaced it.
    previousBody: text("previous_body").notNull(),
    editedAt: listTime("edited_at"),
  },
  (t) => [index("message_edits_message_idx").on(t.messageId, t.editedAt)],
);

/**
 * A file uploaded to a thread. It is created before its upload (message_id null), completed once
 * its bytes are checked (content_type set from the bytes), and claimed by the message it is sent
 * with. Unclaimed ones, and those of deleted messages (removed_at), are deleted after a day by the
 * periodic cleanup (lib/attachments/orphans.ts), object and row.
 */
export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    // A message that goes leaves its files as orphans, for the cleanup to delete from storage too.
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "set null" }),
    uploaderUserId: uuid("uploader_user_id").references(() => users.id, { onDelete: "cascade" }),
    uploaderCustomerId: uuid("uploader_customer_id").references(() => customers.id, { onDelete: "cascade" }),
    storageKey: text("storage_key").notNull(),
    fileName: text("file_name").notNull(),
    /** Declared when the upload is created; the stored size once completed. */
    size: integer("size").notNull(),
    /** Sniffed from the bytes on completion; null until then. */
    contentType: text("content_type"),
    completedAt: timestamp("completed_at", { withTimezone: true, mode: "date" }),
    removedAt: timestamp("removed_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("attachments_message_idx").on(t.messageId),
    // The cleanup's scan: only the unclaimed ones, oldest first.
    index("attachments_unclaimed_idx").on(t.createdAt).where(sql`${t.messageId} is null`),
  ],
);

export type Attachment = typeof attachments.$inferSelect;

/** cancelled: an email that never went because everything it quoted was deleted first. */
export const emailStatus = pgEnum("email_status", ["pending", "sent", "failed", "cancelled"]);

/**
 * One request to the email provider: up to 100 outbox emails sent together. The batch, not the
 * email, is what the sender claims and retries, and its id is the request's idempotency key, so
 * a retry after a crash is the same request with the same emails and the provider ignores it.
 */
export const emailBatches = pgTable(
  "email_batches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // pending until the provider has answered for good; then each email holds its own outcome.
    status: emailStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    // Committed before the first request: from then on the provider may have the batch, so it is
    // never rewritten (a deleted message drops out of an email only until then).
    sendingStartedAt: timestamp("sending_started_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("email_batches_pending_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`)],
);

export type EmailBatch = typeof emailBatches.$inferSelect;

/** Every email is written here first; the mailer's driver then delivers it (or, embedded, keeps it). */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => emailBatches.id),
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    // Set for emails that hold a credential (a sign-in link): only this user may read it in the dev mailbox.
    privateToUserId: uuid("private_to_user_id").references(() => users.id, { onDelete: "cascade" }),
    to: text("to").notNull(),
    // Shown as the sender's name with the configured address ("Alice Admin via Acme Support").
    fromName: text("from_name"),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    // Extra headers handed to the provider as they are: a notification's List-Unsubscribe (RFC 8058).
    headers: jsonb("headers").$type<Record<string, string>>(),
    // Where a reply goes: the thread's reply address (lib/inbound/reply-address.ts), when replies are taken.
    replyTo: text("reply_to"),
    status: emailStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    providerId: text("provider_id"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("email_outbox_batch_idx").on(t.batchId),
    // The admin's list of emails in trouble: failed, or waiting for a retry.
    index("email_outbox_problems_idx").on(t.workspaceId, t.createdAt).where(sql`${t.lastError} is not null`),
  ],
);
export type OutboxEmail = typeof emailOutbox.$inferSelect;

/**
 * The provider's rate limit, shared by every app instance (lib/email/send-pace.ts): each request
 * to the provider takes the next free slot here first, so together the fleet never sends faster
 * than EMAIL_REQUESTS_PER_SECOND, however many sweeps run. One row per provider.
 */
export const emailSendPace = pgTable("email_send_pace", {
  provider: text("provider").primaryKey(),
  // The earliest moment the next request may go, on the database's clock (the one every instance shares).
  nextSlotAt: timestamp("next_slot_at", { withTimezone: true }).notNull(),
});

export const inboundOutcome = pgEnum("inbound_outcome", [
  "posted",
  // Not the token's person, a token that is forged or names nobody now, or a thread they may not write in.
  "refused",
  // An auto-reply or a bounce, or mail from the product's own sender: never posted (no loops).
  "automatic",
  // Nothing written above the quote (an empty reply, or files alone).
  "empty",
  // A reply address past its time, or a deactivated member's: answered politely by email.
  "expired",
]);

/**
 * Every email that came in to a reply address (lib/inbound/receive-reply.ts), posted or not: the
 * record of what was refused and why, the full original of what was posted (the team can show it),
 * and, by the provider's id and the Message-ID, what makes a webhook delivered twice post once.
 */
export const inboundEmails = pgTable(
  "inbound_emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    providerEmailId: text("provider_email_id").notNull().unique(),
    // The Message-ID header: the same email fetched under another provider id is the same email.
    messageIdHeader: text("message_id_header"),
    // Known once the token names a thread; null for mail no token of ours names.
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").references(() => conversations.id, { onDelete: "cascade" }),
    postedMessageId: uuid("posted_message_id").references(() => messages.id, { onDelete: "cascade" }),
    outcome: inboundOutcome("outcome").notNull(),
    // Why it was not posted, in words for an admin.
    reason: text("reason"),
    fromAddress: text("from_address").notNull(),
    subject: text("subject").notNull(),
    text: text("text"),
    html: text("html"),
    receivedAt: createdAt(),
  },
  (t) => [
    uniqueIndex("inbound_emails_message_id_header_idx")
      .on(t.messageIdHeader)
      .where(sql`${t.messageIdHeader} is not null`),
    // A thread's messages with their original email: one lookup per message shown.
    uniqueIndex("inbound_emails_posted_message_idx")
      .on(t.postedMessageId)
      .where(sql`${t.postedMessageId} is not null`),
  ],
);

/** When each person was last seen on a live connection (realtime heartbeat); "online" is within 60 s. */
export const presence = pgTable(
  "presence",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "cascade" }),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    check("presence_one_person", sql`num_nonnulls(${t.userId}, ${t.customerId}) = 1`),
    uniqueIndex("presence_user_idx").on(t.userId),
    uniqueIndex("presence_customer_idx").on(t.customerId),
  ],
);

/**
 * email and push are sent later by their sweeps. live is a record only: the recipient had a live
 * connection when the message was published, so it reached their open app or chat page then.
 */
export const deliveryChannel = pgEnum("delivery_channel", ["email", "push", "live"]);
/**
 * The same for every channel. pending: waiting for its due time. queued: handed to what carries it
 * (an outbox email; a push on its way, under a lease), which has not gone yet. sent: it went. cancelled: seen in time, or no longer
 * allowed. failed: it will not go.
 */
export const deliveryStatus = pgEnum("delivery_status", ["pending", "queued", "sent", "cancelled", "failed"]);

/**
 * One row per message × recipient × channel that must be delivered later: the audit trail of who
 * was told what, when and how. Planned in the message's transaction (lib/notifications/plan-deliveries.ts);
 * each channel's sender claims its own rows.
 */
export const deliveries = pgTable(
  "deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    recipientUserId: uuid("recipient_user_id").references(() => users.id, { onDelete: "cascade" }),
    recipientCustomerId: uuid("recipient_customer_id").references(() => customers.id, {
      onDelete: "cascade",
    }),
    channel: deliveryChannel("channel").notNull(),
    status: deliveryStatus("status").notNull().default("pending"),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    // Why it failed, or why it was cancelled ("seen", "muted", "message deleted", ...).
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    // What carried it, in the channel's own table: for email, the outbox email it went out in.
    carrierId: uuid("carrier_id"),
    createdAt: createdAt(),
  },
  (t) => [
    check("deliveries_one_recipient", sql`num_nonnulls(${t.recipientUserId}, ${t.recipientCustomerId}) = 1`),
    uniqueIndex("deliveries_message_recipient_channel_idx").on(t.messageId, t.recipientUserId, t.channel),
    uniqueIndex("deliveries_message_customer_channel_idx").on(t.messageId, t.recipientCustomerId, t.channel),
    // Each channel's sender reads only its own rows still to do, so its cost does not grow with history.
    index("deliveries_due_idx").on(t.channel, t.dueAt).where(sql`${t.status} = 'pending'`),
    // Pushes whose sender died while they were out: their lease runs out (lib/notifications/push-sweep.ts).
    index("deliveries_leased_idx").on(t.channel, t.dueAt).where(sql`${t.status} = 'queued'`),
    index("deliveries_batch_idx")
      .on(t.channel, t.recipientUserId, t.conversationId)
      .where(sql`${t.status} = 'pending'`),
    index("deliveries_customer_batch_idx")
      .on(t.channel, t.recipientCustomerId, t.conversationId)
      .where(sql`${t.status} = 'pending'`),
    index("deliveries_carrier_idx").on(t.carrierId),
    // Admins' list of push problems (lib/settings/workspace-settings.ts): retrying or failed. The
    // channel is a column, not the condition: its 'push' value cannot be used in the migration that adds it.
    index("deliveries_problems_idx")
      .on(t.workspaceId, t.channel, t.createdAt)
      .where(sql`${t.lastError} is not null and ${t.status} in ('pending', 'failed')`),
  ],
);
export type Delivery = typeof deliveries.$inferSelect;

/**
 * When each read position moved, so a receipt can say when someone saw a message: the first mark
 * at or past its sequence number. Written by a trigger on participants (migration 0023), so every
 * way a read position moves (reading, replying, joining) leaves its mark.
 */
export const readMarks = pgTable(
  "read_marks",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    participantId: uuid("participant_id")
      .notNull()
      .references(() => participants.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    readAt: timestamp("read_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.participantId, t.seq] }),
    // A workspace's rows go with it.
    index("read_marks_workspace_idx").on(t.workspaceId),
  ],
);

/**
 * One row per sign-in, for a team member or a customer. The session cookie names its row, and each
 * request checks the row is still live, so signing out (this row), "sign out everywhere" (every row
 * of the person), deactivating a member or revoking a customer ends sessions on the server at once.
 */
export const authSessions = pgTable(
  "auth_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    // Made from a site's signed identity: rotating the workspace's identity secret ends it.
    viaIdentity: boolean("via_identity").notNull().default(false),
  },
  (t) => [
    check("auth_sessions_one_person", sql`num_nonnulls(${t.userId}, ${t.customerId}) = 1`),
    index("auth_sessions_user_idx").on(t.userId).where(sql`${t.endedAt} is null`),
    index("auth_sessions_customer_idx").on(t.customerId).where(sql`${t.endedAt} is null`),
  ],
);

/**
 * Fixed-window counters for rate limits, kept in the database so that every app instance counts
 * against the same number. `key` names the limit and who it counts (`password:email:a@b.c`).
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    hits: integer("hits").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index("rate_limits_window_idx").on(t.windowStart)],
);

/** Every address a workspace has emailed, so that mail to a new address counts against its hourly quota. */
export const workspaceEmailRecipients = pgTable(
  "workspace_email_recipients",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    firstEmailedAt: timestamp("first_emailed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.email] }),
    index("workspace_email_recipients_recent_idx").on(t.workspaceId, t.firstEmailedAt),
  ],
);

/**
 * A sign-up waiting for its emailed confirmation. The workspace and its owner are created only when
 * the link is used, so every workspace's owner has proved their address, and the sign-up form says
 * the same whether or not the address already has an account. Only the token's hash is kept.
 */
export const signUpRequests = pgTable(
  "sign_up_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    workspaceName: text("workspace_name").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("sign_up_requests_email_idx").on(t.email, t.createdAt)],
);

/**
 * Emailed sign-in links for team members, like the customers' above but install-wide (a team
 * address is unique across workspaces). Written for every request, known address or not, so the
 * request does the same work either way; the sender finds out whom it is for.
 */
export const teamSignInTokens = pgTable(
  "team_sign_in_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("team_sign_in_tokens_email_idx").on(t.email, t.createdAt)],
);

/**
 * An admin's invitation to join the workspace's team. Only the link token's hash is stored. Sending
 * again revokes the row and writes a new one, so an older link stops working and says why. At most
 * one invitation per address and workspace is pending (neither accepted nor revoked; an expired one
 * is still listed, so the admin can send it again).
 */
export const teamInvitations = pgTable(
  "team_invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    // Stored lower-cased, like users.email.
    email: text("email").notNull(),
    role: userRole("role").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedByUserId: uuid("invited_by_user_id").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: listTime("created_at"),
  },
  (t) => [
    uniqueIndex("team_invitations_pending_idx")
      .on(t.workspaceId, t.email)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
  ],
);
export type TeamInvitation = typeof teamInvitations.$inferSelect;
