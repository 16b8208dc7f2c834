/**
 * The reference model of DELIVERY-RULES: plain TypeScript, no database, no framework, written
 * from the rules and the issues, not from the implementation. Given the same operations as the
 * real system, it says who must be told of each message, on which channel, and which messages
 * each email must carry. The model-based test (delivery.model.test.ts) holds the real system to it.
 *
 * People are keys: team members `t0`, `t1`…, customers `c0`, `c1`…. Times are milliseconds.
 */

export type TeamKey = `t${number}`;
export type CustomerKey = `c${number}`;
export type PersonKey = TeamKey | CustomerKey;
export const isCustomer = (key: PersonKey): key is CustomerKey => key.startsWith("c");

/** A connection heartbeat within this window means connected to live chat. */
export const ONLINE_WINDOW_MS = 60_000;

export type TeamMember = {
  key: TeamKey;
  admin: boolean;
  customerFacing: boolean;
  /** All messages, only direct conversations (and items assigned to them), or none. */
  email: "all" | "direct" | "none";
  /** An admin turned their email off: none, whatever they chose. */
  emailOffByAdmin: boolean;
  /** Until then no bubble and no sound, and their emails that fall due wait. */
  pausedUntil: number | null;
  /** A deactivated member receives nothing, and (unable to sign in) does nothing. */
  active: boolean;
  /** Issue 17: the push choice, with email's three levels, and how many devices they turned push on in. */
  push: "all" | "direct" | "none";
  devices: number;
  /** Their messenger's last live-connection heartbeat: connected within the window, no push. */
  lastHeartbeat: number | null;
};
/**
 * Issue 18: a visitor is a customer with no confirmed address, who exists only once they have
 * written (`born`), and is emailed nothing until they confirm an address (`verified`).
 */
export type Customer = {
  key: CustomerKey;
  notifyEmail: boolean;
  lastHeartbeat: number | null;
  verified: boolean;
  born: boolean;
};
export type Participant = { readSeq: number; muted: boolean };

/** A ticket (its thread a customer conversation) or a task (an internal one), and whom it is assigned to. */
export type Item = { kind: "ticket" | "task"; assignee: TeamKey | null };

export type Conversation = {
  id: number;
  kind: "internal" | "customer";
  status: "open" | "closed";
  /** On an item's thread, the participants are the item's followers. */
  participants: Map<PersonKey, Participant>;
  /** The item this conversation is the thread of, if any. */
  item: Item | null;
  lastSeq: number;
  /** The newest public message: all a customer can read up to. */
  lastPublicSeq: number;
};

export type Message = {
  id: number;
  conv: number;
  seq: number;
  /** For a system line, the team member who did what it records. */
  author: PersonKey;
  internal: boolean;
  /** A system line records what someone did: it moves lists and is emailed to nobody. */
  system: boolean;
  at: number;
  /** When it was deleted (issue 15), if it was. */
  deletedAt: number | null;
  /** The teammates it mentions (issue 16): a mention reaches through a mute, never through a pause. */
  mentions: TeamKey[];
};

/**
 * One row of the record: email and push are sent later by their sweeps; live is the record that
 * the recipient was connected when the message was sent (shown as it arrived).
 */
export type Delivery = {
  message: number;
  recipient: PersonKey;
  channel: "email" | "push" | "live";
  due: number;
  status: "pending" | "emailed" | "pushed" | "shown" | "cancelled" | "failed";
  /** Push: how many times the sweep has tried it. */
  attempts: number;
};

/** A push the rules say goes out: one per member and conversation a push sweep found due. */
export type ModelPush = { recipient: TeamKey; conv: number };

/** How a push service answers every push of a sweep in the model-based test. */
export type PushAnswer = "ok" | "gone" | "429" | "500";

/** Push retries (lib/retry-backoff.ts): 6 attempts in all, 30 s doubling, or the service's Retry-After. */
export const PUSH_MAX_ATTEMPTS = 6;
export const PUSH_RETRY_AFTER_MS = 120_000;

/**
 * An email the rules say must go out: to whom, for which conversation, with which messages, and
 * whether that conversation was an item's thread when it was made (the email then names the item).
 */
export type ModelEmail = {
  recipient: PersonKey;
  conv: number;
  messages: number[];
  at: number;
  item: boolean;
  /**
   * When a sender first took it to the provider. Until then a deleted message drops out of it
   * (and an email left with nothing is not sent); from then on it is never rewritten.
   */
  startedAt: number | null;
};

/** Where a realtime event goes: a person's own channel, or a conversation's team or public channel. */
export type ChannelRef =
  | `user:${TeamKey}`
  | `customer:${CustomerKey}`
  | `conversation:${number}`
  | `chat:${number}:${CustomerKey}`;
/**
 * On a team member's own channel, also whether they muted it (a mention of them overrides), whether
 * it mentions them, whether their notifications were paused, and their unread conversations after it.
 */
export type ExpectedEvent = {
  channel: ChannelRef;
  message: number;
  muted: boolean;
  mentioned?: boolean;
  paused?: boolean;
  unread?: number;
};

/** How long after sending its author may edit or delete a message: the workspace's default, 15 minutes. */
export const EDIT_WINDOW_MS = 15 * 60_000;

export class DeliveryModel {
  now: number;
  workspace = { delaySeconds: 60, teamEmail: true, customerEmail: true };
  readonly team: TeamMember[];
  readonly customers: Customer[];
  readonly conversations: Conversation[] = [];
  readonly messages: Message[] = [];
  readonly deliveries: Delivery[] = [];
  readonly emails: ModelEmail[] = [];
  /** Emails taken back before they went, as settings changed (for the test's summary). */
  takenBack = 0;

  constructor({ now, team, customers }: { now: number; team: TeamMember[]; customers: Customer[] }) {
    this.now = now;
    this.team = team;
    this.customers = customers;
  }

  member(key: TeamKey) {
    const member = this.team.find((t) => t.key === key);
    if (!member) throw new Error(`no team member ${key}`);
    return member;
  }

  customer(key: CustomerKey) {
    const customer = this.customers.find((c) => c.key === key);
    if (!customer) throw new Error(`no customer ${key}`);
    return customer;
  }

  /**
   * A team member sees a conversation they take part in, every item's thread, and, if
   * customer-facing, every customer conversation.
   */
  teamMaySee(key: TeamKey, conv: Conversation) {
    const member = this.member(key);
    return (
      member.active &&
      (conv.participants.has(key) ||
        conv.item !== null ||
        (conv.kind === "customer" && member.customerFacing))
    );
  }

  /** A customer sees the customer conversations (tickets included) they take part in, and nothing else. */
  customerMaySee(key: CustomerKey, conv: Conversation) {
    return conv.kind === "customer" && conv.participants.has(key);
  }

  // ---- operations; each returns the realtime events it causes, or null when refused ----

  startInternal(author: TeamKey, others: TeamKey[]) {
    const people = unique([author, ...others]);
    if (people.length < 2 || !people.every((key) => this.member(key as TeamKey).active)) return null;
    const conv = this.newConversation("internal", people);
    return this.append(conv, author, false);
  }

  startCustomer(author: TeamKey, customers: CustomerKey[], teammates: TeamKey[]) {
    if (customers.length === 0 || ![author, ...teammates].every((key) => this.member(key).active))
      return null;
    if (!customers.every((key) => this.customer(key).born)) return null;
    const conv = this.newConversation("customer", unique([author, ...teammates, ...customers]));
    return this.append(conv, author, false);
  }

  /** From the chat page: the customer-facing members follow it (the admins, if nobody is customer-facing). */
  customerStarts(customer: CustomerKey) {
    if (!this.customer(customer).born) return null;
    const active = this.team.filter((t) => t.active);
    const facing = active.filter((t) => t.customerFacing);
    const followers = (facing.length > 0 ? facing : active.filter((t) => t.admin)).map((t) => t.key);
    const conv = this.newConversation("customer", [...followers, customer]);
    return this.append(conv, customer, false);
  }

  /**
   * A team member writes; a customer-facing member not yet taking part joins by writing, and so
   * does any member writing on an item's thread (they follow it from then on). Each teammate it
   * mentions must be active and able to see the thread; one not taking part joins first (on an
   * item, as a follower), with the history unread and a system line by the author, before the message.
   */
  send(author: TeamKey, convId: number, internal: boolean, mentions: TeamKey[] = []) {
    const conv = this.conversations[convId];
    if (!conv || !this.teamMaySee(author, conv)) return null;
    if (!mentions.every((key) => this.teamMaySee(key, conv))) return null;
    if (!conv.participants.has(author)) conv.participants.set(author, { readSeq: 0, muted: false });
    const newcomers = unique(mentions).filter((key) => !conv.participants.has(key));
    for (const key of newcomers) conv.participants.set(key, { readSeq: 0, muted: false });
    const line = newcomers.length > 0 ? this.systemLine(conv, author) : null;
    // A note is only a note in a customer conversation; internal ones are the team's already.
    const posted = this.append(conv, author, internal && conv.kind === "customer", false, unique(mentions));
    return { ...posted, line: line?.message ?? null, events: [...(line?.events ?? []), ...posted.events] };
  }

  /**
   * Issue 18: someone with no session writes on the chat page. The first time, they become a
   * visitor (a customer with no confirmed address); after that, they start a conversation as any
   * customer does.
   */
  visitorStarts(visitor: CustomerKey) {
    this.customer(visitor).born = true;
    return this.customerStarts(visitor) as NonNullable<ReturnType<DeliveryModel["customerStarts"]>>;
  }

  /**
   * Issue 18: a visitor confirms the address they gave. From now on they are emailed as any
   * customer, and an email is planned, due now, for every message they may see and have not seen
   * that had none (all that came while they were a visitor). Refused for anyone but a visitor.
   */
  confirmAddress(visitor: CustomerKey) {
    const customer = this.customer(visitor);
    if (!customer.born || customer.verified) return false;
    customer.verified = true;
    for (const conv of this.conversations) {
      const participant = conv.participants.get(visitor);
      if (!participant || conv.kind !== "customer") continue;
      for (const message of this.messages) {
        if (message.conv !== conv.id || message.seq <= participant.readSeq) continue;
        if (message.internal || message.system || message.deletedAt !== null || message.author === visitor)
          continue;
        const planned = this.deliveries.some(
          (d) => d.message === message.id && d.recipient === visitor && d.channel === "email",
        );
        if (!planned)
          this.deliveries.push({
            message: message.id,
            recipient: visitor,
            channel: "email",
            due: this.now,
            status: "pending",
            attempts: 0,
          });
      }
    }
    return true;
  }

  /** A customer replies on the chat page; a closed conversation reopens. */
  customerSend(customer: CustomerKey, convId: number) {
    const conv = this.conversations[convId];
    if (!conv || !this.customerMaySee(customer, conv)) return null;
    conv.status = "open";
    return this.append(conv, customer, false);
  }

  /**
   * Issue 21: a reply to a notification email, to the person's own reply address in the thread.
   * Posted as they would post it in the app (a team member's as a reply, a customer's reopening a
   * closed conversation), only if the address is theirs there (they take part in the thread), they
   * may write there now (an active member; a customer with a confirmed address), and the email
   * came from their own address. Anything else posts nothing.
   */
  replyByEmail(person: PersonKey, convId: number, forged: boolean) {
    const conv = this.conversations[convId];
    if (!conv || forged || !conv.participants.has(person)) return null;
    if (!isCustomer(person)) return this.send(person, convId, false);
    return this.customer(person).verified ? this.customerSend(person, convId) : null;
  }

  /**
   * A team member who may see a customer conversation (not an item's thread, whose status is the
   * item's) closes or reopens it. A change posts a system line, the team's like every one in a
   * customer thread: it moves lists and is emailed to nobody. No change, no line.
   */
  setStatus(actor: TeamKey, convId: number, status: Conversation["status"]) {
    const conv = this.conversations[convId];
    if (!conv || !this.teamMaySee(actor, conv) || conv.kind !== "customer" || conv.item) return null;
    if (conv.status === status) return nothingPosted();
    conv.status = status;
    return this.systemLine(conv, actor);
  }

  /**
   * The conversation was on screen up to message `upTo` (all of it when omitted), never past the
   * newest one the reader can see (for a customer, the newest public one), never backwards.
   */
  read(person: PersonKey, convId: number, upTo = Number.POSITIVE_INFINITY) {
    const conv = this.conversations[convId];
    const participant = conv?.participants.get(person);
    if (!conv || !participant) return false;
    if (isCustomer(person) && conv.kind !== "customer") return false;
    const newest = isCustomer(person) ? conv.lastPublicSeq : conv.lastSeq;
    participant.readSeq = Math.max(participant.readSeq, Math.min(upTo, newest));
    return true;
  }

  /** The team member's conversations with a message they have not read: the Messenger badge. */
  unreadCount(member: TeamKey) {
    return this.conversations.filter((conv) => {
      const participant = conv.participants.get(member);
      return participant !== undefined && conv.lastSeq > participant.readSeq;
    }).length;
  }

  /** Muting takes back the emails about it written and not yet sent: the next batch decides again. */
  mute(member: TeamKey, convId: number, muted: boolean) {
    const participant = this.conversations[convId]?.participants.get(member);
    if (!participant) return false;
    participant.muted = muted;
    if (muted) this.takeBack(member, convId);
    return true;
  }

  /**
   * Whether someone may be emailed changed (a choice, a pause, a mute, an unsubscribe, an admin's
   * switch): their emails written but not yet taken to the provider (in one conversation, or all)
   * are taken back, and what they carried waits again for the next batch to decide with what holds now.
   */
  takeBack(recipient: PersonKey, conv?: number) {
    for (const email of [...this.emails]) {
      if (email.startedAt !== null || email.recipient !== recipient) continue;
      if (conv !== undefined && email.conv !== conv) continue;
      this.emails.splice(this.emails.indexOf(email), 1);
      this.takenBack++;
      for (const delivery of this.deliveries)
        if (
          delivery.channel === "email" &&
          delivery.recipient === recipient &&
          delivery.status === "emailed" &&
          email.messages.includes(delivery.message)
        )
          delivery.status = "pending";
    }
  }

  // ---- items (issue 13): tickets and tasks, whose followers are their thread's participants ----

  /**
   * A new ticket (for a requester customer) or task (which has none), perhaps assigned to an active
   * member. Its first followers are its creator, its assignee and its requester, and a system line
   * by its creator opens its thread.
   */
  createItem(actor: TeamKey, kind: Item["kind"], requester: CustomerKey | null, assignee: TeamKey | null) {
    if ((kind === "ticket") !== (requester !== null)) return null;
    if (requester && !this.customer(requester).born) return null;
    if (assignee && !this.member(assignee).active) return null;
    const people: PersonKey[] = unique([actor, ...(assignee ? [assignee] : [])]);
    const conv = this.newConversation(kind === "ticket" ? "customer" : "internal", [
      ...people,
      ...(requester ? [requester] : []),
    ]);
    conv.item = { kind, assignee };
    return this.systemLine(conv, actor);
  }

  /**
   * A conversation the actor may see becomes a ticket (a customer one, which has a customer) or a
   * task (an internal one); never twice. Its participants become the followers, with the actor,
   * who has seen its history: they made it an item from it.
   */
  createItemFromConversation(actor: TeamKey, convId: number) {
    const conv = this.conversations[convId];
    if (!conv || !this.teamMaySee(actor, conv) || conv.item) return null;
    const kind = conv.kind === "customer" ? "ticket" : "task";
    if (kind === "ticket" && ![...conv.participants.keys()].some(isCustomer)) return null;
    conv.item = { kind, assignee: null };
    if (!conv.participants.has(actor)) conv.participants.set(actor, { readSeq: conv.lastSeq, muted: false });
    return this.systemLine(conv, actor);
  }

  /**
   * Any member assigns an item to an active member, or to nobody. A change posts a system line; a
   * new assignee follows first (with the history unread), so the line reaches them. No change, no line.
   */
  assign(actor: TeamKey, convId: number, assignee: TeamKey | null) {
    const conv = this.itemThread(actor, convId);
    if (!conv?.item) return null;
    if (conv.item.assignee === assignee) return nothingPosted();
    if (assignee && !this.member(assignee).active) return null;
    conv.item.assignee = assignee;
    if (assignee && !conv.participants.has(assignee))
      conv.participants.set(assignee, { readSeq: 0, muted: false });
    return this.systemLine(conv, actor);
  }

  /** The actor follows an item: told of what comes next, with nothing unread for what came before. */
  follow(actor: TeamKey, convId: number) {
    const conv = this.itemThread(actor, convId);
    if (!conv) return false;
    if (!conv.participants.has(actor)) conv.participants.set(actor, { readSeq: conv.lastSeq, muted: false });
    return true;
  }

  /** The actor stops following: nothing more reaches them, and what was still to be emailed is not. */
  unfollow(actor: TeamKey, convId: number) {
    const conv = this.itemThread(actor, convId);
    if (!conv) return false;
    conv.participants.delete(actor);
    return true;
  }

  /**
   * The assignee or an admin adds followers: active members to any item, customers to a ticket
   * only. Each new one has the history unread; a system line names them. Nobody new, no line.
   */
  addFollowers(actor: TeamKey, convId: number, members: TeamKey[], customers: CustomerKey[]) {
    const conv = this.itemThread(actor, convId);
    if (!conv?.item || !this.managesFollowers(actor, conv.item)) return null;
    if (members.length + customers.length === 0) return null;
    if (customers.length > 0 && conv.item.kind !== "ticket") return null;
    if (!members.every((key) => this.member(key).active)) return null;
    // A visitor who has not written yet is nobody to add.
    if (!customers.every((key) => this.customer(key).born)) return null;
    const added = unique<PersonKey>([...members, ...customers]).filter((key) => !conv.participants.has(key));
    if (added.length === 0) return nothingPosted();
    for (const person of added) conv.participants.set(person, { readSeq: 0, muted: false });
    return this.systemLine(conv, actor);
  }

  /**
   * The assignee or an admin removes a follower, with a system line that the removed one no longer
   * hears; removing oneself is unfollowing, which anyone may do.
   */
  removeFollower(actor: TeamKey, convId: number, person: PersonKey) {
    if (person === actor) return this.unfollow(actor, convId) ? nothingPosted() : null;
    const conv = this.itemThread(actor, convId);
    if (!conv?.item || !this.managesFollowers(actor, conv.item) || !conv.participants.has(person))
      return null;
    conv.participants.delete(person);
    return this.systemLine(conv, actor);
  }

  /** An item's thread, if it is one the actor may see (every active member may). */
  private itemThread(actor: TeamKey, convId: number) {
    const conv = this.conversations[convId];
    return conv?.item && this.teamMaySee(actor, conv) ? conv : null;
  }

  /** Who may add and remove an item's followers: its assignee, and admins. */
  managesFollowers(actor: TeamKey, item: Item) {
    return this.member(actor).admin || item.assignee === actor;
  }

  // ---- editing and deleting (issue 15) ----

  /**
   * The author edits their message (not a system line) within the edit window, in a thread they
   * may still see (a customer, a public message of it). Nobody is notified: no delivery is planned,
   * and open views are told to fetch it again. Refused: null.
   */
  edit(person: PersonKey, messageId: number) {
    const message = this.messages[messageId];
    if (!message || !this.mayChange(person, message, "edit")) return null;
    // A mention lasts while the text names the person. The test's edits name nobody, so they drop
    // every mention, and an email only a mention allowed (through a mute, or for "direct") is not sent.
    message.mentions = [];
    return this.changeEvents(message);
  }

  /**
   * The author deletes their message within the window; an admin, any team member's message at
   * any time. What was still to be emailed about it is not, and it drops out of every email not yet
   * taken to the provider (one left with nothing goes nowhere; the others are written again as they
   * would be now).
   */
  delete(person: PersonKey, messageId: number) {
    const message = this.messages[messageId];
    if (!message || !this.mayChange(person, message, "delete")) return null;
    message.deletedAt = this.now;
    for (const delivery of this.deliveries) {
      if (delivery.message !== message.id) continue;
      if (delivery.status === "pending") delivery.status = "cancelled";
    }
    for (const email of [...this.emails]) {
      if (email.startedAt !== null || !email.messages.includes(message.id)) continue;
      email.messages = email.messages.filter((id) => id !== message.id);
      const dropped = this.deliveries.find(
        (d) =>
          d.channel === "email" &&
          d.message === message.id &&
          d.recipient === email.recipient &&
          d.status === "emailed",
      );
      if (dropped) dropped.status = "cancelled";
      if (email.messages.length === 0) this.emails.splice(this.emails.indexOf(email), 1);
      // Written again now: about an item if its thread has become one since.
      else email.item = this.conversations[email.conv]?.item != null;
    }
    return this.changeEvents(message);
  }

  private mayChange(person: PersonKey, message: Message, change: "edit" | "delete") {
    const conv = this.conversations[message.conv] as Conversation;
    if (message.system || message.deletedAt !== null) return false;
    const sees = isCustomer(person)
      ? this.customerMaySee(person, conv) && !message.internal
      : this.teamMaySee(person, conv);
    if (!sees) return false;
    const adminRemoving =
      change === "delete" && !isCustomer(person) && this.member(person).admin && !isCustomer(message.author);
    return adminRemoving || (message.author === person && this.now - message.at <= EDIT_WINDOW_MS);
  }

  /** Every open view of the message: the team's thread and each active member's own channel, and the customers' if public. */
  private changeEvents(message: Message): ChannelRef[] {
    const conv = this.conversations[message.conv] as Conversation;
    const people = [...conv.participants.keys()];
    return [
      `conversation:${conv.id}` as const,
      ...people.flatMap((person): ChannelRef[] => {
        if (!isCustomer(person)) return this.member(person).active ? [`user:${person}`] : [];
        return message.internal ? [] : [`chat:${conv.id}:${person}`, `customer:${person}`];
      }),
    ];
  }

  heartbeat(person: PersonKey) {
    if (isCustomer(person)) this.customer(person).lastHeartbeat = this.now;
    else this.member(person).lastHeartbeat = this.now;
  }

  /**
   * The push sweep (DELIVERY-RULES: push; issue 17). Per member and conversation with push
   * deliveries due (a retry is due once its wait is over; a paused member's wait for the pause to
   * end), with every other push of theirs still waiting there (a retry goes with the newer
   * message, never after it): what they have seen, may no longer be pushed, or has no device to go
   * to is cancelled; the rest goes as one push to each of their devices. The push service answers
   * every push alike: ok (pushed), gone (their devices are removed, and it is cancelled), or a 429
   * or 500 (tried again after the backoff from this attempt, the newest message's, until its
   * attempts run out: then it failed).
   */
  pushSweep(answer: PushAnswer): ModelPush[] {
    const due = this.deliveries.filter(
      (d) =>
        d.channel === "push" &&
        d.status === "pending" &&
        (d.attempts === 0 ? d.due <= this.now : d.due < this.now) &&
        !this.paused(d.recipient as TeamKey, this.now),
    );
    // With each due push, every other push still waiting for that member in that thread.
    const keyOf = (d: Delivery) => `${d.recipient}:${this.messageById(d.message).conv}`;
    const dueKeys = new Set(due.map(keyOf));
    const groups = new Map<string, Delivery[]>();
    for (const delivery of this.deliveries) {
      if (delivery.channel !== "push" || delivery.status !== "pending" || !dueKeys.has(keyOf(delivery)))
        continue;
      const key = keyOf(delivery);
      groups.set(key, [...(groups.get(key) ?? []), delivery]);
    }
    const pushes: ModelPush[] = [];
    // Every due push is claimed, and sent to the devices there were then, before any answer comes.
    const gone = new Set<TeamMember>();
    for (const rows of groups.values()) {
      const recipient = (rows[0] as Delivery).recipient as TeamKey;
      const conv = this.conversations[this.messageById((rows[0] as Delivery).message).conv] as Conversation;
      const participant = conv.participants.get(recipient);
      const member = this.member(recipient);
      const unseen = rows.filter((d) => {
        const message = this.messageById(d.message);
        return (
          participant !== undefined &&
          message.seq > participant.readSeq &&
          member.devices > 0 &&
          this.mayPush(recipient, participant, conv, this.mentions(message, recipient))
        );
      });
      for (const d of rows) if (!unseen.includes(d)) d.status = "cancelled";
      if (unseen.length === 0) continue;
      // The newest message's count: the push fails for good once it has had all its attempts.
      const attempts = Math.min(...unseen.map((d) => d.attempts)) + 1;
      for (const d of unseen) d.attempts++;
      if (answer === "ok") {
        for (const d of unseen) d.status = "pushed";
        for (let device = 0; device < member.devices; device++) pushes.push({ recipient, conv: conv.id });
      } else if (answer === "gone") {
        gone.add(member);
        for (const d of unseen) d.status = "cancelled";
      } else if (attempts >= PUSH_MAX_ATTEMPTS) {
        for (const d of unseen) d.status = "failed";
      } else {
        const wait = Math.max(30_000 * 2 ** (attempts - 1), answer === "429" ? PUSH_RETRY_AFTER_MS : 0);
        for (const d of unseen) d.due = this.now + wait;
      }
    }
    for (const member of gone) member.devices = 0;
    return pushes;
  }

  tick(seconds: number) {
    this.now += seconds * 1000;
  }

  /**
   * The email sweep's senders take every email written so far to the provider (whatever it
   * answers); the sweep writes its own first (`batch`).
   */
  startSending() {
    for (const email of this.emails) email.startedAt ??= this.now;
  }

  /**
   * Writing the emails ("The email itself"): for each recipient and conversation with a delivery
   * due, one email with every message of that conversation they have not seen, due or not, if they
   * may still be emailed; everything else of theirs there is cancelled.
   */
  batch(): ModelEmail[] {
    const due = new Map<string, { recipient: PersonKey; conv: number }>();
    for (const delivery of this.deliveries) {
      if (delivery.channel !== "email" || delivery.status !== "pending" || delivery.due > this.now) continue;
      // A member's paused notifications: what falls due waits for the pause to end.
      if (!isCustomer(delivery.recipient) && this.paused(delivery.recipient, this.now)) continue;
      const conv = this.messageById(delivery.message).conv;
      due.set(`${delivery.recipient}:${conv}`, { recipient: delivery.recipient, conv });
    }
    const sent: ModelEmail[] = [];
    for (const { recipient, conv } of due.values()) {
      const conversation = this.conversations[conv] as Conversation;
      const participant = conversation.participants.get(recipient);
      const pending = this.deliveries.filter(
        (d) =>
          d.channel === "email" &&
          d.status === "pending" &&
          d.recipient === recipient &&
          this.messageById(d.message).conv === conv,
      );
      const unseen = pending.filter((d) => {
        const message = this.messageById(d.message);
        return (
          participant !== undefined &&
          this.mayEmail(recipient, participant, conversation, this.mentions(message, recipient)) &&
          message.seq > participant.readSeq
        );
      });
      for (const delivery of pending) delivery.status = unseen.includes(delivery) ? "emailed" : "cancelled";
      if (unseen.length === 0) continue;
      const email = {
        recipient,
        conv,
        messages: unseen.map((d) => d.message).sort((a, b) => this.seqOf(a) - this.seqOf(b)),
        at: this.now,
        item: conversation.item !== null,
        startedAt: null,
      };
      this.emails.push(email);
      sent.push(email);
    }
    return sent;
  }

  // ---- the rules themselves ----

  /**
   * Who may be emailed right now about a message: their own setting, their mute (which a mention
   * of them overrides), an admin's switch for them, and the workspace's switch. A member who chose
   * "Only direct conversations and mentions" is emailed of an internal conversation they take part
   * in (not an item's thread), of an item assigned to them, and of a message that mentions them.
   */
  private mayEmail(recipient: PersonKey, participant: Participant, conv: Conversation, mentioned: boolean) {
    if (isCustomer(recipient)) return this.customerMayBeEmailed(recipient);
    const member = this.member(recipient);
    const direct = conv.item === null ? conv.kind === "internal" : conv.item.assignee === recipient;
    const chosen = member.email === "all" || (member.email === "direct" && (direct || mentioned));
    return (
      this.workspace.teamEmail &&
      member.active &&
      !member.emailOffByAdmin &&
      chosen &&
      (!participant.muted || mentioned)
    );
  }

  /**
   * Who may be pushed right now about a message: an active member whose push choice takes it in
   * (the same three levels as email), the conversation not muted (a mention overrides). Devices
   * and connection are the planner's and the sweep's to check.
   */
  private mayPush(recipient: TeamKey, participant: Participant, conv: Conversation, mentioned: boolean) {
    const member = this.member(recipient);
    const direct = conv.item === null ? conv.kind === "internal" : conv.item.assignee === recipient;
    const chosen = member.push === "all" || (member.push === "direct" && (direct || mentioned));
    return member.active && chosen && (!participant.muted || mentioned);
  }

  /** A customer with a confirmed address (never a visitor), subscribed, in a workspace that emails customers. */
  private customerMayBeEmailed(key: CustomerKey) {
    const customer = this.customer(key);
    return this.workspace.customerEmail && customer.notifyEmail && customer.verified;
  }

  private connected(lastHeartbeat: number | null, at: number) {
    return lastHeartbeat !== null && lastHeartbeat > at - ONLINE_WINDOW_MS;
  }

  private mentions(message: Message, person: PersonKey) {
    return !isCustomer(person) && message.mentions.includes(person);
  }

  private paused(member: TeamKey, at: number) {
    const until = this.member(member).pausedUntil;
    return until !== null && until > at;
  }

  private append(
    conv: Conversation,
    author: PersonKey,
    internal: boolean,
    system = false,
    mentions: TeamKey[] = [],
  ) {
    const seq = ++conv.lastSeq;
    if (!internal) conv.lastPublicSeq = seq;
    const message: Message = {
      id: this.messages.length,
      conv: conv.id,
      seq,
      author,
      internal,
      system,
      at: this.now,
      deletedAt: null,
      mentions,
    };
    this.messages.push(message);
    // Whoever writes has seen what they wrote, and whoever did what a system line records, it.
    const own = conv.participants.get(author);
    if (own) own.readSeq = seq;
    // A system line only moves lists: nobody is emailed about it.
    if (!system) this.plan(conv, message);
    return { message, events: this.eventsOf(conv, message) };
  }

  /** A system line in a customer thread is the team's: customers never see it. */
  private systemLine(conv: Conversation, actor: TeamKey) {
    return this.append(conv, actor, conv.kind === "customer", true);
  }

  /**
   * DELIVERY-RULES, "Channels": the deliveries a new message plans, and when each is due. Email as
   * the rules say; push for an active member with a device who was not connected; and the live
   * record for whoever was connected (a customer only for what they may see).
   */
  private plan(conv: Conversation, message: Message) {
    const delay = this.workspace.delaySeconds * 1000;
    const row = (recipient: PersonKey, channel: Delivery["channel"], due: number) =>
      this.deliveries.push({
        message: message.id,
        recipient,
        channel,
        due,
        status: channel === "live" ? "shown" : "pending",
        attempts: 0,
      });
    for (const [recipient, participant] of conv.participants) {
      if (recipient === message.author) continue;
      if (isCustomer(recipient)) {
        if (message.internal) continue;
        const connected = this.connected(this.customer(recipient).lastHeartbeat, message.at);
        if (this.customerMayBeEmailed(recipient))
          row(recipient, "email", connected ? message.at + delay : message.at);
        if (connected) row(recipient, "live", message.at);
        continue;
      }
      const member = this.member(recipient);
      if (!member.active) continue;
      const mentioned = this.mentions(message, recipient);
      if (this.mayEmail(recipient, participant, conv, mentioned)) row(recipient, "email", message.at + delay);
      const connected = this.connected(member.lastHeartbeat, message.at);
      if (!connected && member.devices > 0 && this.mayPush(recipient, participant, conv, mentioned))
        row(recipient, "push", message.at);
      if (connected) row(recipient, "live", message.at);
    }
  }

  /**
   * DELIVERY-RULES, "Realtime payloads": every active team member taking part hears on their own channel
   * (the author too, for their other tabs), the team on the conversation's channel; a public
   * message also goes to the conversation's public chat channel and each customer's own channel.
   */
  private eventsOf(conv: Conversation, message: Message): ExpectedEvent[] {
    const events: ExpectedEvent[] = [
      { channel: `conversation:${conv.id}`, message: message.id, muted: false },
    ];
    const customers = [...conv.participants.keys()].filter(isCustomer);
    for (const [person, participant] of conv.participants) {
      if (!isCustomer(person) && this.member(person as TeamKey).active)
        events.push({
          channel: `user:${person as TeamKey}`,
          message: message.id,
          muted: participant.muted && !this.mentions(message, person),
          mentioned: this.mentions(message, person),
          paused: this.paused(person as TeamKey, message.at),
          unread: this.unreadCount(person as TeamKey),
        });
    }
    if (!message.internal && customers.length > 0) {
      for (const customer of customers) {
        events.push({ channel: `chat:${conv.id}:${customer}`, message: message.id, muted: false });
        events.push({ channel: `customer:${customer}`, message: message.id, muted: false });
      }
    }
    return events;
  }

  private newConversation(kind: Conversation["kind"], people: PersonKey[]) {
    const conv: Conversation = {
      id: this.conversations.length,
      kind,
      status: "open",
      participants: new Map(people.map((person) => [person, { readSeq: 0, muted: false }])),
      item: null,
      lastSeq: 0,
      lastPublicSeq: 0,
    };
    this.conversations.push(conv);
    return conv;
  }

  messageById(id: number) {
    const message = this.messages[id];
    if (!message) throw new Error(`no message ${id}`);
    return message;
  }

  private seqOf(id: number) {
    return this.messageById(id).seq;
  }
}

/** An operation that changed nothing: no line, and nobody told. */
const nothingPosted = (): { message: Message | null; events: ExpectedEvent[] } => ({
  message: null,
  events: [],
});

function unique<T>(items: T[]) {
  return [...new Set(items)];
}
