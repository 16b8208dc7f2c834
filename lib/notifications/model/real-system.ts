import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries, emailOutbox, messages, participants, users } from "@/db/schema";
import { createWorkspace } from "@/db/testing";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { customerFromSession } from "@/lib/chat/customer-session";
import { consumeCustomerSignInLink } from "@/lib/chat/sign-in-links";
import { requestVisitorEmail } from "@/lib/chat/visitor-email";
import { startVisitorConversation, VISITOR_NAME } from "@/lib/chat/visitors";
import { deleteMessage, editMessage } from "@/lib/conversations/change-message";
import { setConversationStatus } from "@/lib/conversations/conversation-status";
import { setMuted } from "@/lib/conversations/mute";
import { postMessage } from "@/lib/conversations/post-message";
import { MAX_SEQ, markRead } from "@/lib/conversations/read-state";
import {
  startConversationAsCustomer,
  startCustomerConversation,
  startInternalConversation,
} from "@/lib/conversations/start-conversation";
import { DomainError } from "@/lib/domain-error";
import type { EmailDriver } from "@/lib/email/driver";
import { sendDueEmails } from "@/lib/email/mailer";
import { receiveReply } from "@/lib/inbound/receive-reply";
import { replyAddress } from "@/lib/inbound/reply-address";
import { createItem, createItemFromConversation } from "@/lib/items/create-item";
import { addFollowers, followItem, removeFollower, unfollowItem } from "@/lib/items/followers";
import { updateItem } from "@/lib/items/update-item";
import { setEmailSubscription, unsubscribeToken } from "@/lib/notifications/unsubscribe-links";
import type { FakePushService } from "@/lib/push/fake-push-service";
import type { PushSender } from "@/lib/push/send-push";
import { listPushDevices, removePushDevice, savePushSubscription } from "@/lib/push/subscriptions";
import { recordHeartbeat } from "@/lib/realtime/presence";
import {
  type EmailChoice,
  pauseNotifications,
  resumeNotifications,
  updateNotificationSettings,
} from "@/lib/settings/notification-settings";
import { updateWorkspaceSettings } from "@/lib/settings/workspace-settings";
import { setMemberEmailOff } from "@/lib/team/member-settings";
import { batchDueDeliveries, runEmailSweep } from "../email-sweep";
import { runPushSweep } from "../push-sweep";
import { type CustomerKey, isCustomer, type PersonKey, type TeamKey } from "./delivery-model";

export const APP_URL = "http://app.test";
export const SECRET = "model-test-secret-that-is-at-least-32-characters";
/** Notification emails name reply addresses here (issue 21). */
const REPLY_DOMAIN = "reply.model.test";

/**
 * The real system, driven through its domain functions on a real database, for one run of the
 * model-based test: a workspace of its own, whose people are named after the model's keys, and
 * message bodies that name the model's message ids so that emails can be read back.
 */
export class RealSystem {
  readonly team = new Map<TeamKey, TeamActor>();
  readonly customers = new Map<CustomerKey, CustomerActor>();
  /** Model conversation id → real conversation id, and the reverse. */
  readonly conversationIds: string[] = [];
  readonly conversationOf = new Map<string, number>();
  /** Real message id → model message id. */
  readonly messageOf = new Map<string, number>();
  /** Email address → model person. */
  readonly personOf = new Map<string, PersonKey>();
  /** Model conversation id → the id and number of the item it is the thread of. */
  readonly items: ({ id: string; number: number } | undefined)[] = [];

  private constructor(
    readonly db: Db,
    readonly tag: string,
    readonly workspace: { id: string; slug: string },
  ) {}

  static async create(
    db: Db,
    {
      team,
      customers,
      visitors,
    }: {
      team: { key: TeamKey; customerFacing: boolean }[];
      customers: CustomerKey[];
      visitors: CustomerKey[];
    },
  ) {
    const tag = randomUUID().slice(0, 8);
    const slug = `m${tag}`;
    const name = (key: string) => `${key} ${tag}`;
    const created = await createWorkspace(
      { db, close: async () => {} },
      {
        slug,
        team: team.map((t) => name(t.key)),
        customers: customers.map(name),
        notCustomerFacing: team.filter((t) => !t.customerFacing).map((t) => name(t.key)),
      },
    );
    const real = new RealSystem(db, tag, { id: created.workspace.id, slug });
    for (const t of team) real.team.set(t.key, created.member(name(t.key)));
    for (const user of created.team) real.personOf.set(user.email, user.name.split(" ")[0] as TeamKey);
    for (const c of customers) {
      const actor = created.customer(name(c));
      real.customers.set(c, actor);
      real.personOf.set(actor.email, c);
    }
    // Until a visitor writes they are nobody: an id that names no customer, which every call refuses.
    for (const v of visitors)
      real.customers.set(v, {
        kind: "customer",
        customerId: randomUUID(),
        workspaceId: real.workspace.id,
        name: VISITOR_NAME,
        email: null,
      });
    return real;
  }

  /** A body that says which model message it is, and to which run it belongs. */
  body(messageId: number) {
    return `M${messageId}.${this.tag} says hello`;
  }

  /** The model message ids quoted in an email's text. */
  messagesIn(text: string) {
    return [...text.matchAll(new RegExp(`M(\\d+)\\.${this.tag}`, "g"))].map((match) => Number(match[1]));
  }

  teamActor(key: TeamKey) {
    return this.team.get(key) as TeamActor;
  }

  customerActor(key: CustomerKey) {
    return this.customers.get(key) as CustomerActor;
  }

  /** The conversation id for a model id; a made-up one for a conversation that does not exist. */
  conversation(id: number) {
    return this.conversationIds[id] ?? randomUUID();
  }

  private recordConversation(modelId: number, realId: string) {
    this.conversationIds[modelId] = realId;
    this.conversationOf.set(realId, modelId);
  }

  /** The item whose thread a model conversation is; a made-up one for any other conversation. */
  item(conv: number) {
    return this.items[conv]?.id ?? randomUUID();
  }

  /** The model conversation of an item's number (emails link to the item's page by it). */
  conversationOfItem(number: number) {
    const conv = this.items.findIndex((item) => item?.number === number);
    return conv === -1 ? undefined : conv;
  }

  private recordItem(conv: number, item: { id: string; number: number; conversationId: string }) {
    this.recordConversation(conv, item.conversationId);
    this.items[conv] = { id: item.id, number: item.number };
  }

  /**
   * Domain functions that post system lines do not say which: the messages of the thread after
   * `afterSeq` get the model's ids for the lines it expects, in order. One the model does not
   * expect stays unnamed, and the realtime check shows it.
   */
  private async recordSystemLines(conv: number, afterSeq: number, modelIds: number[]) {
    const rows = await this.db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.conversationId, this.conversation(conv)), gt(messages.seq, afterSeq)))
      .orderBy(asc(messages.seq));
    rows.forEach((row, index) => {
      const modelId = modelIds[index];
      if (modelId !== undefined) this.messageOf.set(row.id, modelId);
    });
  }

  // ---- operations, each through the domain function an entry point would call ----

  async startInternal(
    author: TeamKey,
    others: TeamKey[],
    modelIds: { conv: number; message: number },
    now: Date,
  ) {
    const created = await startInternalConversation(this.db, {
      actor: this.teamActor(author),
      participantIds: others.map((key) => this.teamActor(key).userId),
      body: this.body(modelIds.message),
      clientMessageId: randomUUID(),
      now,
    });
    this.recordConversation(modelIds.conv, created.conversationId);
    this.messageOf.set(created.messageId, modelIds.message);
  }

  async startCustomer(
    author: TeamKey,
    customers: CustomerKey[],
    teammates: TeamKey[],
    modelIds: { conv: number; message: number },
    now: Date,
  ) {
    const created = await startCustomerConversation(this.db, {
      actor: this.teamActor(author),
      customerIds: customers.map((key) => this.customerActor(key).customerId),
      userIds: teammates.map((key) => this.teamActor(key).userId),
      body: this.body(modelIds.message),
      clientMessageId: randomUUID(),
      now,
    });
    this.recordConversation(modelIds.conv, created.conversationId);
    this.messageOf.set(created.messageId, modelIds.message);
  }

  async customerStarts(customer: CustomerKey, modelIds: { conv: number; message: number }, now: Date) {
    const created = await startConversationAsCustomer(this.db, {
      actor: this.customerActor(customer),
      body: this.body(modelIds.message),
      clientMessageId: randomUUID(),
      now,
    });
    this.recordConversation(modelIds.conv, created.conversationId);
    this.messageOf.set(created.messageId, modelIds.message);
  }

  /**
   * Someone with no session writes on the chat page (app/chat/[slug]/visitor/route.ts): the first
   * time, they become a visitor, signed in by the session that makes; after that they are signed
   * in, and the route starts their conversation as any customer's.
   */
  async visitorStarts(visitor: CustomerKey, modelIds: { conv: number; message: number }, now: Date) {
    if (this.visitorsWritten.has(visitor)) return this.customerStarts(visitor, modelIds, now);
    const { posted, session } = await startVisitorConversation(this.db, {
      workspaceId: this.workspace.id,
      body: this.body(modelIds.message),
      clientMessageId: randomUUID().replaceAll("-", ""),
      clientAddress: null,
      secret: SECRET,
      now,
    });
    const actor = await customerFromSession(this.db, {
      token: session.token,
      workspaceId: this.workspace.id,
      secret: SECRET,
      now,
    });
    if (!actor) throw new Error("a new visitor's session signs nobody in");
    this.customers.set(visitor, actor);
    this.visitorsWritten.add(visitor);
    this.recordConversation(modelIds.conv, posted.conversationId);
    this.messageOf.set(posted.messageId, modelIds.message);
  }

  private readonly visitorsWritten = new Set<CustomerKey>();

  /**
   * A visitor asks to be notified at an address of their own, and uses the link emailed to it. The
   * link goes out at once, as the chat page's action sends it (sendSoon), not with a later sweep's
   * notifications, whose failures the test injects.
   */
  async confirmAddress(visitor: CustomerKey, now: Date, driver: EmailDriver) {
    const address = `${visitor}-${this.tag}@visitor.test`;
    const actor = this.customerActor(visitor);
    const { batchIds } = await requestVisitorEmail(this.db, {
      actor,
      fields: { name: `${visitor} ${this.tag}`, email: address },
      appUrl: APP_URL,
      now,
    });
    for (const onlyBatchId of batchIds) await sendDueEmails(this.db, { driver, now, onlyBatchId });
    const [link] = await this.db
      .select({ text: emailOutbox.text })
      .from(emailOutbox)
      .where(eq(emailOutbox.to, address));
    const token = /token=([A-Za-z0-9_-]+)/.exec(link?.text ?? "")?.[1] ?? "";
    // In the browser the visitor wrote from, whose session names them.
    await consumeCustomerSignInLink(this.db, {
      workspaceId: this.workspace.id,
      token,
      browserCustomerId: actor.customerId,
      now,
    });
    this.customers.set(visitor, { ...actor, email: address });
    this.personOf.set(address, visitor);
  }

  /**
   * `mentions` are picked with @: each named "@Name" in the body. `line` is the model's id for the
   * system line that adds whoever is mentioned but not yet taking part, if it expects one.
   */
  async send(
    author: TeamKey,
    conv: number,
    internal: boolean,
    messageId: number,
    now: Date,
    { mentions = [], line = null }: { mentions?: TeamKey[]; line?: number | null } = {},
  ) {
    const named = mentions.map((key) => ` @${this.teamActor(key).name}`).join("");
    const message = await postMessage(this.db, {
      actor: this.teamActor(author),
      conversationId: this.conversation(conv),
      body: `${this.body(messageId)}${named}`,
      visibility: internal ? "internal" : "public",
      mentionIds: mentions.map((key) => this.teamActor(key).userId),
      clientMessageId: randomUUID(),
      now,
    });
    this.messageOf.set(message.messageId, messageId);
    if (line !== null) await this.recordSystemLines(conv, message.seq - 2, [line]);
  }

  async customerSend(customer: CustomerKey, conv: number, messageId: number, now: Date) {
    const message = await postMessage(this.db, {
      actor: this.customerActor(customer),
      conversationId: this.conversation(conv),
      body: this.body(messageId),
      clientMessageId: randomUUID(),
      now,
    });
    this.messageOf.set(message.messageId, messageId);
  }

  /**
   * Issue 21: a reply by email through the whole way in (lib/inbound/receive-reply.ts), to the
   * person's reply address in the thread, or, where they have none, another participant's; from
   * their own address, or (`forged`) a stranger's. Throws when it is not posted.
   */
  async replyByEmail(person: PersonKey, conv: number, forged: boolean, messageId: number, now: Date) {
    const conversationId = this.conversation(conv);
    const rows = await this.db
      .select({ id: participants.id, userId: participants.userId, customerId: participants.customerId })
      .from(participants)
      .where(eq(participants.conversationId, conversationId));
    const actor = this.actorOf(person);
    const own = rows.find((row) =>
      actor.kind === "user" ? row.userId === actor.userId : row.customerId === actor.customerId,
    );
    const address = replyAddress(
      (own ?? rows[0])?.id ?? randomUUID(),
      { domain: REPLY_DOMAIN, secret: SECRET },
      now,
    );
    const ownAddress = [...this.personOf].find(([, key]) => key === person)?.[0];
    const received = await receiveReply(
      this.db,
      {
        providerEmailId: randomUUID(),
        messageId: `<${randomUUID()}@mail.model.test>`,
        from: forged ? "mallory@evil.test" : (ownAddress ?? "nobody@visitor.test"),
        to: [address],
        cc: [],
        subject: "Re: your conversation",
        text: `${this.body(messageId)}\n\nOn Monday, Acme <${address}> wrote:\n> an earlier message\n`,
        html: null,
        headers: {},
      },
      {
        replyDomain: REPLY_DOMAIN,
        secret: SECRET,
        ownSender: "Model <help@model.test>",
        appUrl: APP_URL,
        now,
      },
    );
    if (received.outcome !== "posted")
      throw new DomainError("forbidden", `a reply by email not posted: ${JSON.stringify(received)}`);
    this.messageOf.set(received.messageId, messageId);
  }

  async setStatus(
    actor: TeamKey,
    conv: number,
    status: "open" | "closed",
    lines: { afterSeq: number; ids: number[] },
    now: Date,
  ) {
    await setConversationStatus(this.db, {
      actor: this.teamActor(actor),
      conversationId: this.conversation(conv),
      status,
      now,
    });
    await this.recordSystemLines(conv, lines.afterSeq, lines.ids);
  }

  // ---- items: each posts its system lines itself (`lines`: the model's new message ids, after `afterSeq`) ----

  async createItem(
    actor: TeamKey,
    kind: "ticket" | "task",
    requester: CustomerKey | null,
    assignee: TeamKey | null,
    modelIds: { conv: number; message: number },
    now: Date,
  ) {
    const item = await createItem(this.db, {
      actor: this.teamActor(actor),
      kind,
      title: `Item of run ${this.tag}`,
      requesterCustomerId: requester && this.customerActor(requester).customerId,
      assigneeUserId: assignee && this.teamActor(assignee).userId,
      now,
    });
    this.recordItem(modelIds.conv, item);
    await this.recordSystemLines(modelIds.conv, 0, [modelIds.message]);
  }

  async createItemFromConversation(
    actor: TeamKey,
    conv: number,
    lines: { afterSeq: number; ids: number[] },
    now: Date,
  ) {
    const item = await createItemFromConversation(this.db, {
      actor: this.teamActor(actor),
      conversationId: this.conversation(conv),
      title: `Item of run ${this.tag}`,
      now,
    });
    this.recordItem(conv, item);
    await this.recordSystemLines(conv, lines.afterSeq, lines.ids);
  }

  async assign(
    actor: TeamKey,
    conv: number,
    assignee: TeamKey | null,
    lines: { afterSeq: number; ids: number[] },
    now: Date,
  ) {
    await updateItem(this.db, {
      actor: this.teamActor(actor),
      itemId: this.item(conv),
      changes: { assigneeUserId: assignee && this.teamActor(assignee).userId },
      now,
    });
    await this.recordSystemLines(conv, lines.afterSeq, lines.ids);
  }

  async follow(actor: TeamKey, conv: number) {
    await followItem(this.db, { actor: this.teamActor(actor), itemId: this.item(conv) });
  }

  async unfollow(actor: TeamKey, conv: number) {
    await unfollowItem(this.db, { actor: this.teamActor(actor), itemId: this.item(conv) });
  }

  async addFollowers(
    actor: TeamKey,
    conv: number,
    people: { members: TeamKey[]; customers: CustomerKey[] },
    lines: { afterSeq: number; ids: number[] },
    now: Date,
  ) {
    await addFollowers(this.db, {
      actor: this.teamActor(actor),
      itemId: this.item(conv),
      userIds: people.members.map((key) => this.teamActor(key).userId),
      customerIds: people.customers.map((key) => this.customerActor(key).customerId),
      now,
    });
    await this.recordSystemLines(conv, lines.afterSeq, lines.ids);
  }

  async removeFollower(
    actor: TeamKey,
    conv: number,
    person: PersonKey,
    lines: { afterSeq: number; ids: number[] },
    now: Date,
  ) {
    await removeFollower(this.db, {
      actor: this.teamActor(actor),
      itemId: this.item(conv),
      person: isCustomer(person)
        ? { customerId: this.customerActor(person).customerId }
        : { userId: this.teamActor(person).userId },
      now,
    });
    await this.recordSystemLines(conv, lines.afterSeq, lines.ids);
  }

  /** Up to message `upTo`, or all of it. */
  async read(person: PersonKey, conv: number, upTo?: number) {
    const conversationId = this.conversation(conv);
    const seq = Math.min(upTo ?? MAX_SEQ, MAX_SEQ);
    const viewer = person.startsWith("c")
      ? this.customerActor(person as CustomerKey)
      : this.teamActor(person as TeamKey);
    await markRead(this.db, { viewer, conversationId, seq });
  }

  async mute(member: TeamKey, conv: number, muted: boolean) {
    await setMuted(this.db, {
      actor: this.teamActor(member),
      conversationId: this.conversation(conv),
      muted,
    });
  }

  /** The member's email and push choices, as their settings page saves both. */
  async setTeamChoices(member: TeamKey, { email, push }: { email: EmailChoice; push: EmailChoice }) {
    await updateNotificationSettings(this.db, {
      actor: this.teamActor(member),
      settings: { email, push, bubble: true, sound: true },
    });
  }

  /** Push endpoint → model member, for reading the push service's record back. */
  readonly memberOfEndpoint = new Map<string, TeamKey>();

  /** A browser of the member's turns push on (a new device at the push service), or every device goes. */
  async setDevice(member: TeamKey, add: boolean, service: FakePushService) {
    const actor = this.teamActor(member);
    if (add) {
      const subscription = service.newSubscription();
      this.memberOfEndpoint.set(subscription.endpoint, member);
      await savePushSubscription(this.db, { actor, subscription, device: "Chrome on Android" });
      return;
    }
    for (const device of await listPushDevices(this.db, { actor }))
      await removePushDevice(this.db, { actor, id: device.id });
  }

  /** The push sweep, sending to the test's push service. */
  async pushSweep(sender: PushSender, now: Date) {
    await runPushSweep(this.db, { now, sender });
  }

  async pause(member: TeamKey, minutes: number, now: Date) {
    await pauseNotifications(this.db, {
      actor: this.teamActor(member),
      until: new Date(now.getTime() + minutes * 60_000),
      now,
    });
  }

  async resume(member: TeamKey) {
    await resumeNotifications(this.db, { actor: this.teamActor(member) });
  }

  /** As the one-click Unsubscribe link in their emails does it (and its page's Subscribe again). */
  async setCustomerEmail(customer: CustomerKey, on: boolean) {
    const person = {
      kind: "customer" as const,
      id: this.customerActor(customer).customerId,
      workspaceId: this.workspace.id,
    };
    await setEmailSubscription(this.db, {
      token: unsubscribeToken(person, SECRET),
      subscribed: on,
      secret: SECRET,
    });
  }

  /** As the workspace's admin, who the test's ops let act only while active. */
  async setEmailOffByAdmin(member: TeamKey, off: boolean) {
    await setMemberEmailOff(this.db, { actor: this.admin(), userId: this.teamActor(member).userId, off });
  }

  private admin() {
    return [...this.team.values()].find((actor) => actor.role === "admin") as TeamActor;
  }

  async setWorkspace(settings: { delaySeconds: number; teamEmail: boolean; customerEmail: boolean }) {
    await updateWorkspaceSettings(this.db, {
      actor: this.admin(),
      settings: {
        emailDelaySeconds: settings.delaySeconds,
        teamEmailEnabled: settings.teamEmail,
        customerEmailEnabled: settings.customerEmail,
      },
    });
  }

  /** No domain function deactivates a member yet (the team admin pages come later): set it as they will. */
  async setActive(member: TeamKey, active: boolean, now: Date) {
    await this.db
      .update(users)
      .set({ deactivatedAt: active ? null : now })
      .where(eq(users.id, this.teamActor(member).userId));
  }

  /** A live connection's heartbeat: a customer's chat page, or a member's messenger. */
  async heartbeat(person: PersonKey, now: Date) {
    await recordHeartbeat(this.db, { actor: this.actorOf(person), now });
  }

  // ---- editing and deleting (issue 15) ----

  /** The real id of a model message; a made-up one for a message that does not exist. */
  private realMessage(messageId: number) {
    for (const [realId, modelId] of this.messageOf) if (modelId === messageId) return realId;
    return randomUUID();
  }

  private actorOf(person: PersonKey) {
    return isCustomer(person) ? this.customerActor(person) : this.teamActor(person);
  }

  private edits = 0;

  /** A new text each time (the same text again changes nothing), still naming the model message. */
  async edit(person: PersonKey, messageId: number, now: Date) {
    await editMessage(this.db, {
      actor: this.actorOf(person),
      messageId: this.realMessage(messageId),
      body: `${this.body(messageId)}, edit ${++this.edits}`,
      now,
    });
  }

  async delete(person: PersonKey, messageId: number, now: Date) {
    await deleteMessage(this.db, {
      actor: this.actorOf(person),
      messageId: this.realMessage(messageId),
      now,
      links: { appUrl: APP_URL, secret: SECRET },
    });
  }

  /** The sweep's first half alone: emails written, not yet taken to the provider. */
  async batch(now: Date) {
    await batchDueDeliveries(this.db, now, { appUrl: APP_URL, secret: SECRET });
  }

  /** The email sweep, on this database or on one that crashes part-way (see the test). */
  async sweep(driver: EmailDriver, now: Date, db: Db = this.db) {
    await runEmailSweep(db, { driver, now, appUrl: APP_URL, secret: SECRET, replyDomain: REPLY_DOMAIN });
  }

  /**
   * Every delivery of this run as the model names it: message, recipient, channel, due time,
   * status and, for push, attempts.
   */
  async deliveries() {
    if (this.messageOf.size === 0) return [];
    const keyOf = new Map<string, PersonKey>([
      ...[...this.team].map(([key, actor]): [string, PersonKey] => [actor.userId, key]),
      ...[...this.customers].map(([key, actor]): [string, PersonKey] => [actor.customerId, key]),
    ]);
    const rows = await this.db
      .select({
        messageId: deliveries.messageId,
        recipient: sql<string>`coalesce(${deliveries.recipientUserId}, ${deliveries.recipientCustomerId})`,
        channel: deliveries.channel,
        dueAt: deliveries.dueAt,
        status: deliveries.status,
        attempts: deliveries.attempts,
      })
      .from(deliveries)
      // By message, off its index: the table holds every earlier run's deliveries too.
      .where(inArray(deliveries.messageId, [...this.messageOf.keys()]));
    // The model follows batching: "emailed" is put in an email, whether or not the provider has
    // accepted it yet (the email properties check what the provider received).
    const went = { email: "emailed", push: "pushed", live: "shown" } as const;
    return rows.map((row) => ({
      message: this.messageOf.get(row.messageId) as number,
      recipient: keyOf.get(row.recipient) as PersonKey,
      channel: row.channel,
      due: row.dueAt.getTime(),
      status: row.status === "queued" || row.status === "sent" ? went[row.channel] : row.status,
      attempts: row.attempts,
    }));
  }

  /** After a run, whatever it left pending is dropped, so that no later run sends or retries it. */
  async abandon() {
    if (this.messageOf.size === 0) return;
    // By message and by email, off their indexes: the tables hold every earlier run's rows too.
    const messageIds = [...this.messageOf.keys()];
    await this.db
      .update(deliveries)
      .set({ status: "cancelled" })
      .where(and(inArray(deliveries.messageId, messageIds), eq(deliveries.status, "pending")));
    await this.db.execute(sql`
      update email_batches set status = 'failed', last_error = 'abandoned at the end of a model test run'
      where status = 'pending' and id in (
        select o.batch_id from email_outbox o
        where o.id in (select d.carrier_id from deliveries d where d.message_id = any(${sql.param(messageIds)}::uuid[])))`);
  }
}
