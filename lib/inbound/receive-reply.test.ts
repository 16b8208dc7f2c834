import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { Webhook } from "svix";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import {
  conversations,
  deliveries,
  emailOutbox,
  inboundEmails,
  messages,
  participants,
  workspaces,
} from "@/db/schema";
import {
  createTestDb,
  createWorkspace,
  type FakeResendWithDriver,
  startFakeResendWithDriver,
  type TestWorkspace,
} from "@/db/testing";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { setConversationStatus } from "@/lib/conversations/conversation-status";
import { readMessages } from "@/lib/conversations/list-messages";
import { postMessage } from "@/lib/conversations/post-message";
import { startCustomerConversation } from "@/lib/conversations/start-conversation";
import type { FakeEmail, FakeReceivedEmail } from "@/lib/email/fake-resend";
import { createItem } from "@/lib/items/create-item";
import { addFollowers, removeFollower } from "@/lib/items/followers";
import { runEmailSweep } from "@/lib/notifications/email-sweep";
import { setMemberActive } from "@/lib/people/access-control";
import { setRealtimeDriver } from "@/lib/realtime/publish";
import { recordingDriver } from "@/lib/realtime/recording-driver";
import { replyFixtures } from "./fixtures/replies";
import { getOriginalEmail } from "./original-email";
import { type Received, receiveReply } from "./receive-reply";
import { REPLY_ADDRESS_DAYS, replyAddress } from "./reply-address";
import { fetchReceivedEmail, verifyResendWebhook } from "./resend-inbound";

const SECRET = "receive-reply-test-secret-of-32-characters";
const WEBHOOK_SECRET = `whsec_${Buffer.from("receive-reply-webhook-secret").toString("base64")}`;
const DOMAIN = "reply.acme.test";
const SENDER = "Acme Help <help@acme.test>";
const APP_URL = "http://app.test";
const DANA = "dana.diaz@customer.test";
const BOB = "bob.builder@acme.test";

let fake: FakeResendWithDriver;
let connection: Connection;
let acme: TestWorkspace;
let alice: TeamActor;
let bob: TeamActor;
let dana: CustomerActor;
let erin: CustomerActor;
const realtime = recordingDriver();

const db = () => connection.db;
const sweep = (now = new Date(Date.now() + 3_600_000)) =>
  runEmailSweep(db(), { driver: fake.driver, now, appUrl: APP_URL, secret: SECRET, replyDomain: DOMAIN });
const emailsTo = (address: string) => fake.accepted.filter((email: FakeEmail) => email.to.includes(address));
const replyToOf = (email: FakeEmail | undefined) => String([email?.reply_to ?? ""].flat()[0]);

/**
 * An email as Resend would receive it, through the whole way in: the fake keeps it, a webhook
 * signed with Svix's own code names it, the signature is checked, the email fetched back through
 * Resend's SDK, and only then received.
 */
async function deliver(email: Partial<FakeReceivedEmail> & { to: string[] }, { now }: { now?: Date } = {}) {
  const id = fake.receive({
    from: `Dana Diaz <${DANA}>`,
    subject: "Re: New reply from Alice Admin",
    text: "Thanks!",
    html: null,
    message_id: `<${randomUUID()}@mail.customer.test>`,
    ...email,
  });
  return deliverWebhook(id, { now });
}

async function deliverWebhook(emailId: string, { now }: { now?: Date } = {}): Promise<Received> {
  const payload = JSON.stringify({
    type: "email.received",
    created_at: new Date().toISOString(),
    data: { email_id: emailId, from: "ignored", to: ["ignored"], subject: "ignored" },
  });
  const webhookId = `msg_${randomUUID()}`;
  const headers = new Headers({
    "svix-id": webhookId,
    "svix-timestamp": String(Math.floor(Date.now() / 1000)),
    "svix-signature": new Webhook(WEBHOOK_SECRET).sign(webhookId, new Date(), payload),
  });
  const event = verifyResendWebhook(payload, headers, WEBHOOK_SECRET);
  if (event.type !== "email.received") throw new Error(`not an email.received event: ${event.name}`);
  const email = await fetchReceivedEmail(event.emailId, { apiKey: "re_test_key", baseUrl: fake.url });
  return receiveReply(db(), email, {
    replyDomain: DOMAIN,
    secret: SECRET,
    ownSender: SENDER,
    appUrl: APP_URL,
    now,
  });
}

async function participantOf(conversationId: string, person: { userId: string } | { customerId: string }) {
  const [row] = await db()
    .select({ id: participants.id })
    .from(participants)
    .where(
      and(
        eq(participants.conversationId, conversationId),
        "userId" in person
          ? eq(participants.userId, person.userId)
          : eq(participants.customerId, person.customerId),
      ),
    );
  if (!row) throw new Error("no such participant");
  return row.id;
}

const addressOf = async (
  conversationId: string,
  person: { userId: string } | { customerId: string },
  now?: Date,
) => replyAddress(await participantOf(conversationId, person), { domain: DOMAIN, secret: SECRET }, now);

const messagesIn = (conversationId: string) =>
  db().select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(messages.seq);

async function startWithDana(body = `Try restarting the router ${randomUUID().slice(0, 6)}`) {
  const { conversationId } = await startCustomerConversation(db(), {
    actor: alice,
    customerIds: [dana.customerId],
    userIds: [bob.userId],
    body,
    clientMessageId: randomUUID(),
  });
  return conversationId;
}

beforeAll(async () => {
  fake = await startFakeResendWithDriver({ from: SENDER });
  connection = await createTestDb();
  acme = await createWorkspace(connection, {
    slug: "acme",
    team: ["Alice Admin", "Bob Builder"],
    customers: ["Dana Diaz", "Erin Evans"],
  });
  await db().update(workspaces).set({ name: "Acme Support" }).where(eq(workspaces.id, acme.workspace.id));
  alice = acme.member("Alice Admin");
  bob = acme.member("Bob Builder");
  dana = acme.customer("Dana Diaz");
  erin = acme.customer("Erin Evans");
  setRealtimeDriver(realtime);
});
afterAll(async () => {
  await fake.close();
  await connection.close();
});
beforeEach(async () => {
  await sweep(new Date(Date.now() + 10 * 3_600_000));
  fake.reset();
  realtime.events.length = 0;
});

describe("notification emails name a reply address", () => {
  it("for each recipient and thread, with thread headers and a line that says where to write", async () => {
    const conversationId = await startWithDana();
    await sweep();
    const [toDana] = emailsTo(DANA);
    const [toBob] = emailsTo(BOB);
    expect(replyToOf(toDana)).toBe(await addressOf(conversationId, dana));
    expect(replyToOf(toBob)).toBe(await addressOf(conversationId, bob));
    expect(replyToOf(toDana)).not.toBe(replyToOf(toBob));
    for (const email of [toDana, toBob]) {
      expect(email?.text).toContain("Reply to this email, or open the conversation.");
      expect(email?.html).toContain("Reply to this email, or open the conversation.");
      expect(email?.headers?.["Message-ID"]).toMatch(/^<[0-9a-f-]{36}@app\.test>$/);
      expect(email?.headers?.["In-Reply-To"]).toBe(`<thread-${conversationId}@app.test>`);
      expect(email?.headers?.References).toBe(`<thread-${conversationId}@app.test>`);
    }
    expect(toDana?.headers?.["Message-ID"]).not.toBe(toBob?.headers?.["Message-ID"]);
  });

  it("on a ticket's thread too, and names none when replies are not taken", async () => {
    const item = await createItem(db(), {
      actor: alice,
      kind: "ticket",
      title: "Printer jam",
      description: "It jams on every page",
      requesterCustomerId: dana.customerId,
    });
    await postMessage(db(), {
      actor: alice,
      conversationId: item.conversationId,
      body: "We are on it.",
      clientMessageId: randomUUID(),
    });
    await sweep();
    const [toDana] = emailsTo(DANA);
    expect(replyToOf(toDana)).toBe(await addressOf(item.conversationId, dana));
    expect(toDana?.text).toContain("Reply to this email, or open the ticket.");

    fake.reset();
    await startWithDana();
    await runEmailSweep(db(), {
      driver: fake.driver,
      now: new Date(Date.now() + 3_600_000),
      appUrl: APP_URL,
      secret: SECRET,
    });
    const [plain] = emailsTo(DANA);
    expect(plain?.reply_to).toBeUndefined();
    expect(plain?.text).not.toContain("Reply to this email");
    expect(plain?.headers?.References).toMatch(/^<thread-/);
  });
});

describe("a reply by email", () => {
  const variants = replyFixtures("REPLY_ADDRESS").flatMap((fixture) => [
    { ...fixture, parts: "text and HTML" },
    ...(fixture.html ? [{ ...fixture, text: "", parts: "HTML only" }] : []),
  ]);
  for (const fixture of variants) {
    it(`from ${fixture.client} (${fixture.parts}) is posted from Dana without the quote, and the original is kept`, async () => {
      const conversationId = await startWithDana();
      await sweep();
      const address = replyToOf(emailsTo(DANA)[0]);
      const text = fixture.text.replaceAll("REPLY_ADDRESS", address) || null;
      const html = fixture.html.replaceAll("REPLY_ADDRESS", address) || null;
      const received = await deliver({ to: [`Acme Support <${address}>`], text, html });
      expect(received).toMatchObject({ outcome: "posted", conversationId });
      const last = (await messagesIn(conversationId)).at(-1);
      expect(last).toMatchObject({
        authorKind: "customer",
        authorCustomerId: dana.customerId,
        body: fixture.reply,
        visibility: "public",
      });
      const [record] = await db()
        .select()
        .from(inboundEmails)
        .where(eq(inboundEmails.postedMessageId, last?.id ?? ""));
      expect(record).toMatchObject({ outcome: "posted", text, html, fromAddress: DANA, conversationId });
    });
  }

  it("shows the team that it came by email, and the whole original; the customer sees a message like any other", async () => {
    const conversationId = await startWithDana();
    const address = await addressOf(conversationId, dana);
    const [gmail] = replyFixtures(address);
    const received = await deliver({ to: [address], text: gmail?.text ?? "", html: gmail?.html ?? null });
    if (received.outcome !== "posted") throw new Error(`not posted: ${JSON.stringify(received)}`);
    const { messages: asTeam } = await readMessages(db(), alice, { conversationId });
    const { messages: asDana } = await readMessages(db(), dana, { conversationId });
    expect(asTeam.at(-1)).toMatchObject({ id: received.messageId, viaEmail: true });
    expect(asTeam.at(0)?.viaEmail).toBe(false);
    expect(asDana.at(-1)).toMatchObject({ id: received.messageId, viaEmail: false });
    const original = await getOriginalEmail(db(), {
      actor: bob,
      messageId: received.messageId,
      appUrl: APP_URL,
    });
    expect(original).toMatchObject({ from: DANA, subject: "Re: New reply from Alice Admin" });
    expect(original.text).toContain(gmail?.reply);
    expect(original.text).toContain("> Try restarting the router.");
    await expect(getOriginalEmail(db(), { actor: alice, messageId: asTeam.at(0)?.id ?? "" })).rejects.toThrow(
      "This message did not come by email.",
    );
  });

  it("shows the team the original without the customer's credentials it quotes: her sign-in link, unsubscribe link and reply address", async () => {
    await startWithDana();
    await sweep();
    const [notification] = emailsTo(DANA);
    const address = replyToOf(notification);
    const quoted = (notification?.text ?? "").split("\n").join("\n> ");
    expect(quoted).toMatch(/\/chat\/acme\/open\?c=[^\s]+&t=[^\s]+/);
    const text = `Sure.\n\nOn Tue, Dec 1, 2026 at 10:04 AM Acme <${address}> wrote:\n> ${quoted}\n`;
    const received = await deliver({ to: [address], text });
    if (received.outcome !== "posted") throw new Error(`not posted: ${JSON.stringify(received)}`);
    const original = await getOriginalEmail(db(), {
      actor: alice,
      messageId: received.messageId,
      appUrl: APP_URL,
    });
    expect(original.text).toContain("Sure.");
    expect(original.text).toContain("> View and reply: http://app.test/chat/acme/open\n");
    expect(original.text).toContain("http://app.test/unsubscribe/…");
    expect(original.text).toContain("<reply+…@reply.acme.test>");
    const token = address.slice("reply+".length, address.indexOf("@"));
    expect(original.text).not.toContain(token);
    expect(original.text).not.toMatch(/[?&]t=/);
  });

  it("tells the thread as any message does: live at once, Bob by email later, and Dana's read position moves", async () => {
    const conversationId = await startWithDana();
    await sweep();
    const address = replyToOf(emailsTo(DANA)[0]);
    fake.reset();
    realtime.events.length = 0;
    const received = await deliver({ to: [address], text: "Thursday works for me." });
    if (received.outcome !== "posted") throw new Error(`not posted: ${JSON.stringify(received)}`);
    expect(realtime.events.some((event) => JSON.stringify(event).includes("Thursday works for me."))).toBe(
      true,
    );
    const [bobsDelivery] = await db()
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.messageId, received.messageId), eq(deliveries.recipientUserId, bob.userId)));
    expect(bobsDelivery).toMatchObject({ channel: "email", status: "pending" });
    const [danas] = await db()
      .select({ lastReadSeq: participants.lastReadSeq })
      .from(participants)
      .where(eq(participants.id, await participantOf(conversationId, dana)));
    const [message] = await db().select().from(messages).where(eq(messages.id, received.messageId));
    expect(danas?.lastReadSeq).toBe(message?.seq);
    await sweep();
    expect(
      emailsTo(BOB)
        .map((email) => email.text)
        .join(),
    ).toContain("Thursday works for me.");
    // Dana is not emailed her own message.
    expect(emailsTo(DANA)).toHaveLength(0);
  });

  it("reopens a closed conversation, as a chat reply does", async () => {
    const conversationId = await startWithDana();
    const address = await addressOf(conversationId, dana);
    await setConversationStatus(db(), { actor: alice, conversationId, status: "closed" });
    expect(await deliver({ to: [address], text: "One more thing." })).toMatchObject({ outcome: "posted" });
    const [conversation] = await db()
      .select()
      .from(conversations)
      .where(eq(conversations.id, conversationId));
    expect(conversation?.status).toBe("open");
  });

  it("from a team member is posted from them; on a ticket whose replies start as notes, as a note", async () => {
    const conversationId = await startWithDana();
    expect(
      await deliver({ to: [await addressOf(conversationId, bob)], from: BOB, text: "On it." }),
    ).toMatchObject({ outcome: "posted" });
    expect((await messagesIn(conversationId)).at(-1)).toMatchObject({
      authorUserId: bob.userId,
      body: "On it.",
      visibility: "public",
    });

    await db()
      .update(workspaces)
      .set({ itemDefaultVisibility: "internal" })
      .where(eq(workspaces.id, acme.workspace.id));
    try {
      const item = await createItem(db(), {
        actor: alice,
        kind: "ticket",
        title: "Invoice mismatch",
        requesterCustomerId: dana.customerId,
        assigneeUserId: bob.userId,
      });
      const address = await addressOf(item.conversationId, bob);
      expect(await deliver({ to: [address], from: BOB, text: "Checking with billing." })).toMatchObject({
        outcome: "posted",
      });
      expect((await messagesIn(item.conversationId)).at(-1)).toMatchObject({
        authorUserId: bob.userId,
        visibility: "internal",
      });
    } finally {
      await db()
        .update(workspaces)
        .set({ itemDefaultVisibility: "public" })
        .where(eq(workspaces.id, acme.workspace.id));
    }
  });

  it("delivered twice, or under another provider id with the same Message-ID, is stored once", async () => {
    const conversationId = await startWithDana();
    const address = await addressOf(conversationId, dana);
    const messageId = `<${randomUUID()}@mail.customer.test>`;
    const id = fake.receive({
      from: DANA,
      to: [address],
      subject: "Re: hi",
      text: "Only once.",
      html: null,
      message_id: messageId,
    });
    const before = (await messagesIn(conversationId)).length;
    const [first, second] = await Promise.all([deliverWebhook(id), deliverWebhook(id)]);
    expect([first?.outcome, second?.outcome].sort()).toEqual(["duplicate", "posted"]);
    expect(await deliverWebhook(id)).toEqual({ outcome: "duplicate" });
    expect(await deliver({ to: [address], text: "Only once.", message_id: messageId })).toEqual({
      outcome: "duplicate",
    });
    expect((await messagesIn(conversationId)).length).toBe(before + 1);
  });
});

describe("a reply by email is refused, recorded, and posts nothing", () => {
  const refusedWith = async (
    conversationId: string,
    email: Parameters<typeof deliver>[0],
    reason: RegExp,
  ) => {
    const before = (await messagesIn(conversationId)).length;
    const received = await deliver(email);
    expect(received).toMatchObject({ outcome: "refused", reason: expect.stringMatching(reason) });
    expect((await messagesIn(conversationId)).length).toBe(before);
    return received;
  };

  it("from anyone but the address's person: a forged From, Erin with Dana's address", async () => {
    const conversationId = await startWithDana();
    const address = await addressOf(conversationId, dana);
    await refusedWith(
      conversationId,
      { to: [address], from: "Mallory <mallory@evil.test>" },
      /mallory@evil\.test, not from/,
    );
    await refusedWith(conversationId, { to: [address], from: "erin.evans@customer.test" }, /not from/);
    const [record] = await db()
      .select()
      .from(inboundEmails)
      .where(eq(inboundEmails.fromAddress, "mallory@evil.test"));
    expect(record).toMatchObject({ outcome: "refused", conversationId });
  });

  it("a team member's address replayed by a customer", async () => {
    const conversationId = await startWithDana();
    await refusedWith(conversationId, { to: [await addressOf(conversationId, bob)], from: DANA }, /not from/);
  });

  it("an address altered to name another thread, and another thread's address for this one", async () => {
    const mine = await startWithDana();
    const { conversationId: erins } = await startCustomerConversation(db(), {
      actor: alice,
      customerIds: [erin.customerId],
      userIds: [],
      body: "Hello Erin",
      clientMessageId: randomUUID(),
    });
    const address = await addressOf(mine, dana);
    // The token's participant bytes swapped for those of Erin's participant row: the signature fails.
    const other = await addressOf(erins, erin);
    const spliced = address.slice(0, 6 + 26) + other.slice(6 + 26);
    await refusedWith(mine, { to: [spliced] }, /forged or altered/);
    await refusedWith(erins, { to: [other] }, /not from/);
    expect((await messagesIn(erins)).map((message) => message.body)).toEqual(["Hello Erin"]);
  });

  it("an address whose person was removed from the thread", async () => {
    const item = await createItem(db(), {
      actor: alice,
      kind: "task",
      title: "Restock",
      assigneeUserId: alice.userId,
    });
    await addFollowers(db(), { actor: alice, number: item.number, userIds: [bob.userId] });
    const address = await addressOf(item.conversationId, bob);
    await removeFollower(db(), { actor: alice, number: item.number, person: { userId: bob.userId } });
    await refusedWith(item.conversationId, { to: [address], from: BOB }, /no longer in the thread/);
  });

  it("with no reply address of ours among its recipients", async () => {
    const conversationId = await startWithDana();
    await refusedWith(
      conversationId,
      { to: ["help@acme.test", `reply+abc@elsewhere.test`] },
      /no reply address/,
    );
  });
});

describe("Resend's webhook", () => {
  const payload = JSON.stringify({ type: "email.received", data: { email_id: "re_1" } });
  const signed = (secret: string, body = payload, at = new Date()) => {
    const id = `msg_${randomUUID()}`;
    return new Headers({
      "svix-id": id,
      "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
      "svix-signature": new Webhook(secret).sign(id, at, body),
    });
  };

  it("is read only with its signature over this very body, made with this secret, and recent", () => {
    expect(verifyResendWebhook(payload, signed(WEBHOOK_SECRET), WEBHOOK_SECRET)).toEqual({
      type: "email.received",
      emailId: "re_1",
    });
    const refused = { code: "webhook_signature_invalid" };
    expect(() => verifyResendWebhook(payload, new Headers(), WEBHOOK_SECRET)).toThrow(
      expect.objectContaining(refused),
    );
    const other = `whsec_${Buffer.from("another-secret").toString("base64")}`;
    expect(() => verifyResendWebhook(payload, signed(other), WEBHOOK_SECRET)).toThrow(
      expect.objectContaining(refused),
    );
    const altered = payload.replace("re_1", "re_2");
    expect(() => verifyResendWebhook(altered, signed(WEBHOOK_SECRET), WEBHOOK_SECRET)).toThrow(
      expect.objectContaining(refused),
    );
    // Replayed an hour later: Svix takes five minutes either way.
    const anHourAgo = signed(WEBHOOK_SECRET, payload, new Date(Date.now() - 3_600_000));
    expect(() => verifyResendWebhook(payload, anHourAgo, WEBHOOK_SECRET)).toThrow(
      expect.objectContaining(refused),
    );
  });

  it("names other events, which change nothing", () => {
    const delivered = JSON.stringify({ type: "email.delivered", data: { email_id: "re_1" } });
    expect(verifyResendWebhook(delivered, signed(WEBHOOK_SECRET, delivered), WEBHOOK_SECRET)).toEqual({
      type: "other",
      name: "email.delivered",
    });
  });
});

describe("what is never posted", () => {
  const automatic: ({ reason: RegExp } & Partial<FakeReceivedEmail>)[] = [
    { headers: { "Auto-Submitted": "auto-replied" }, reason: /Auto-Submitted: auto-replied/ },
    { headers: { "X-Autoreply": "yes" }, reason: /x-autoreply/ },
    { headers: { Precedence: "bulk" }, reason: /Precedence: bulk/ },
    {
      headers: { "Content-Type": 'multipart/report; report-type=delivery-status; boundary="x"' },
      reason: /delivery-status report/,
    },
    { from: "MAILER-DAEMON@mx.customer.test", reason: /mailer-daemon/ },
    { from: SENDER, reason: /own sender/ },
  ];
  for (const { reason, ...email } of automatic)
    it(`an auto-reply or bounce: ${reason.source}`, async () => {
      const conversationId = await startWithDana();
      const before = (await messagesIn(conversationId)).length;
      const received = await deliver({
        to: [await addressOf(conversationId, dana)],
        text: "I am out of the office until Monday.",
        ...email,
      });
      expect(received).toMatchObject({ outcome: "automatic", reason: expect.stringMatching(reason) });
      expect((await messagesIn(conversationId)).length).toBe(before);
    });

  it("an empty reply, or one with files and no words", async () => {
    const conversationId = await startWithDana();
    const address = await addressOf(conversationId, dana);
    const before = (await messagesIn(conversationId)).length;
    const quoteOnly = `\n\nOn Tue, Dec 1, 2026 at 10:04 AM Acme <${address}> wrote:\n> Try restarting the router.\n`;
    expect(await deliver({ to: [address], text: quoteOnly })).toMatchObject({ outcome: "empty" });
    expect(
      await deliver({ to: [address], text: "", html: '<div><img src="cid:photo"></div>' }),
    ).toMatchObject({
      outcome: "empty",
    });
    expect((await messagesIn(conversationId)).length).toBe(before);
  });
});

describe("an address that no longer takes replies", () => {
  const noticesTo = async (address: string) =>
    (await db().select().from(emailOutbox).where(eq(emailOutbox.to, address))).filter((email) =>
      email.text.includes("no longer accepts replies"),
    );

  it(`after ${REPLY_ADDRESS_DAYS} days, answers Dana politely, at most once a day, with a way back`, async () => {
    const conversationId = await startWithDana();
    const daysBefore = (at: Date) => new Date(at.getTime() - (REPLY_ADDRESS_DAYS + 5) * 86_400_000);
    // Two old addresses: one replied to on a day to come, one today.
    const now = new Date("2027-06-01T09:00:00Z");
    const old = await addressOf(conversationId, dana, daysBefore(now));
    const address = await addressOf(conversationId, dana, daysBefore(new Date()));
    const before = (await messagesIn(conversationId)).length;
    expect(await noticesTo(DANA)).toHaveLength(0);
    expect(await deliver({ to: [old], text: "Still there?" }, { now })).toMatchObject({ outcome: "expired" });
    expect(await deliver({ to: [old], text: "Hello??" }, { now })).toMatchObject({ outcome: "expired" });
    expect(await deliver({ to: [address], text: "Anyone?" })).toMatchObject({ outcome: "expired" });
    const notices = await noticesTo(DANA);
    // One on 1 June, one today: the same day's second reply got none.
    expect(notices).toHaveLength(2);
    expect(notices[0]?.text).toContain(
      "This address no longer accepts replies; open the conversation instead.",
    );
    expect(notices[0]?.text).toMatch(/Open the conversation: http:\/\/app\.test\/chat\/acme\/open\?/);
    expect(notices[0]?.subject).toBe("Re: New reply from Alice Admin");
    expect((await messagesIn(conversationId)).length).toBe(before);
    // A forged From gets nothing back: no note to a stranger's address.
    await deliver({ to: [address], from: "mallory@evil.test", text: "Hi" });
    expect(await noticesTo("mallory@evil.test")).toHaveLength(0);
  });

  it("of a deactivated member: a polite answer with no link, and nothing posted", async () => {
    const carolWorkspace = await createWorkspace(connection, {
      slug: "deact",
      team: ["Ada Admin", "Carl Cole"],
    });
    const ada = carolWorkspace.member("Ada Admin");
    const carl = carolWorkspace.member("Carl Cole");
    const item = await createItem(db(), {
      actor: ada,
      kind: "task",
      title: "Audit",
      assigneeUserId: carl.userId,
    });
    const address = await addressOf(item.conversationId, carl);
    await setMemberActive(db(), { actor: ada, userId: carl.userId, active: false });
    const before = (await messagesIn(item.conversationId)).length;
    const received = await deliver({ to: [address], from: "carl.cole@deact.test", text: "Done." });
    expect(received).toMatchObject({ outcome: "expired", reason: expect.stringMatching(/deactivated/) });
    expect((await messagesIn(item.conversationId)).length).toBe(before);
    const [notice] = await noticesTo("carl.cole@deact.test");
    expect(notice?.text).toContain("This address no longer accepts replies.");
    expect(notice?.text).not.toContain("http");
  });
});
