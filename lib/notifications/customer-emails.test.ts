import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { deliveries, workspaces } from "@/db/schema";
import {
  createTestDb,
  createWorkspace,
  type FakeResendWithDriver,
  startFakeResendWithDriver,
  testClock,
} from "@/db/testing";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { customerOfConversationLink } from "@/lib/chat/conversation-links";
import { postMessage } from "@/lib/conversations/post-message";
import { markRead } from "@/lib/conversations/read-state";
import { startCustomerConversation } from "@/lib/conversations/start-conversation";
import type { EmailDriver } from "@/lib/email/driver";
import { setCustomerAccess } from "@/lib/people/access-control";
import { recordHeartbeat } from "@/lib/realtime/presence";
import { runEmailSweep } from "./email-sweep";
import { setEmailSubscription } from "./unsubscribe-links";

const SECRET = "test-secret-that-is-at-least-32-characters-long";
let fake: FakeResendWithDriver;
let driver: EmailDriver;
let connection: Connection;
let workspaceId: string;
let alice: TeamActor;
let bob: TeamActor;
let dana: CustomerActor;
const { afterSeconds: at } = testClock();
const sweep = (seconds: number) =>
  runEmailSweep(connection.db, { driver, now: at(seconds), appUrl: "http://app.test", secret: SECRET });
const to = (address: string) => fake.accepted.filter((email) => email.to.includes(address));

beforeAll(async () => {
  fake = await startFakeResendWithDriver({ from: "Acme Help <help@acme.test>" });
  driver = fake.driver;
  connection = await createTestDb();
  const acme = await createWorkspace(connection, {
    slug: "acme",
    team: ["Alice Admin", "Bob Builder"],
    customers: ["Dana Diaz"],
  });
  workspaceId = acme.workspace.id;
  await connection.db.update(workspaces).set({ name: "Acme Support" }).where(eq(workspaces.id, workspaceId));
  alice = acme.member("Alice Admin");
  bob = acme.member("Bob Builder");
  dana = acme.customer("Dana Diaz");
});
afterAll(async () => {
  await fake.close();
  await connection.close();
});
beforeEach(async () => {
  await runEmailSweep(connection.db, { driver, now: at(100_000), appUrl: "http://app.test", secret: SECRET });
  fake.reset();
  await connection.db
    .update(workspaces)
    .set({ customerEmailEnabled: true })
    .where(eq(workspaces.id, workspaceId));
});

const startWithDana = (body: string, seconds = 0) =>
  startCustomerConversation(connection.db, {
    actor: alice,
    customerIds: [dana.customerId],
    userIds: [bob.userId],
    body,
    clientMessageId: randomUUID(),
    now: at(seconds),
  });

describe("customer emails", () => {
  it("emails a customer who is not connected at once, from the agent via the workspace, with a signed link", async () => {
    const { conversationId } = await startWithDana("Your refund is on its way", 1_000);
    await sweep(1_000);
    const [email, ...more] = to("dana.diaz@customer.test");
    expect(more).toHaveLength(0);
    expect(email?.from).toBe('"Alice Admin via Acme Support" <help@acme.test>');
    expect(email?.subject).toBe("New reply from Alice Admin");
    expect(email?.text).toContain("Your refund is on its way");
    const href = /href="([^"]*\/chat\/acme\/open[^"]*)"/
      .exec(email?.html ?? "")?.[1]
      ?.replaceAll("&amp;", "&");
    if (!href) throw new Error("no chat link in the email");
    const url = new URL(href);
    expect(url.searchParams.get("c")).toBe(conversationId);
    expect(
      customerOfConversationLink(
        { token: url.searchParams.get("t") ?? "", conversationId },
        SECRET,
        at(1_000),
      ),
    ).toBe(dana.customerId);
  });

  it("waits out the delay for a connected customer, and sends nothing if they saw it on the chat page", async () => {
    await recordHeartbeat(connection.db, { actor: dana, now: at(1_990) });
    const { conversationId, messageId } = await startWithDana("Are you there?", 2_000);
    const [delivery] = await connection.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.messageId, messageId));
    expect(delivery?.dueAt).toEqual(at(2_060));
    await sweep(2_030);
    expect(to("dana.diaz@customer.test")).toHaveLength(0);
    await markRead(connection.db, { viewer: dana, conversationId, seq: 1 });
    await sweep(2_061);
    expect(to("dana.diaz@customer.test")).toHaveLength(0);
  });

  it("emails a connected customer who did not look, once the delay is over", async () => {
    await recordHeartbeat(connection.db, { actor: dana, now: at(2_990) });
    await startWithDana("Still there?", 3_000);
    await sweep(3_059);
    expect(to("dana.diaz@customer.test")).toHaveLength(0);
    await sweep(3_060);
    expect(to("dana.diaz@customer.test")).toHaveLength(1);
  });

  it("never puts an internal note in a customer's email, and emails nobody about it", async () => {
    const { conversationId } = await startWithDana("Public answer", 4_000);
    await postMessage(connection.db, {
      actor: bob,
      conversationId,
      body: "INTERNAL: do not promise a date",
      visibility: "internal",
      clientMessageId: randomUUID(),
      now: at(4_000),
    });
    await sweep(4_000);
    const [email] = to("dana.diaz@customer.test");
    expect(email?.text).toContain("Public answer");
    expect(JSON.stringify(fake.accepted)).not.toContain("INTERNAL:");
    // Alice's team email, later, does carry the note: she is on the team.
    await sweep(4_060);
    expect(
      to("alice.admin@acme.test")
        .map((e) => e.text)
        .join(),
    ).toContain("INTERNAL:");
  });

  it("does not email a customer about their own reply; the team members taking part are told", async () => {
    const { conversationId } = await startWithDana("Hello", 5_000);
    await sweep(5_000);
    fake.reset();
    await postMessage(connection.db, {
      actor: dana,
      conversationId,
      body: "Thanks!",
      clientMessageId: randomUUID(),
      now: at(5_010),
    });
    await sweep(5_100);
    expect(to("dana.diaz@customer.test")).toHaveLength(0);
    expect(
      to("alice.admin@acme.test")
        .map((e) => e.text)
        .join(),
    ).toContain("Thanks!");
    expect(
      to("bob.builder@acme.test")
        .map((e) => e.text)
        .join(),
    ).toContain("Thanks!");
  });

  it("stops emailing a customer who unsubscribes with their email's link, even for replies already planned", async () => {
    await startWithDana("Before unsubscribing", 7_000);
    await sweep(7_000);
    const [email] = to("dana.diaz@customer.test");
    const link = /Unsubscribe: (\S+)/.exec(email?.text ?? "")?.[1];
    if (!link) throw new Error("no unsubscribe link in the email");
    const { pathname } = new URL(link);
    expect(pathname).toMatch(/^\/unsubscribe\/[^/]+$/);
    const token = decodeURIComponent(pathname.split("/")[2] ?? "");
    fake.reset();

    // Planned while subscribed, unsubscribed before the sweep: not sent.
    await startWithDana("Planned before", 7_100);
    // A link that is not genuine changes nothing (lib/notifications/unsubscribe-links.test.ts has more).
    await expect(
      setEmailSubscription(connection.db, { token: `${token}x`, subscribed: false, secret: SECRET }),
    ).rejects.toMatchObject({ code: "unsubscribe_link_invalid" });
    await setEmailSubscription(connection.db, { token, subscribed: false, secret: SECRET });
    await startWithDana("After unsubscribing", 7_100);
    await sweep(7_100);
    expect(to("dana.diaz@customer.test")).toHaveLength(0);

    await setEmailSubscription(connection.db, { token, subscribed: true, secret: SECRET });
    await startWithDana("Subscribed again", 7_200);
    await sweep(7_200);
    expect(to("dana.diaz@customer.test").map((e) => e.subject)).toEqual(["New reply from Alice Admin"]);
    expect(to("dana.diaz@customer.test")[0]?.text).toContain("Subscribed again");
  });

  it("emails a revoked customer nothing, not even what was planned before; restored, the next reply goes", async () => {
    // Planned while Dana could still use the chat, revoked before the sweep: not sent.
    await startWithDana("Planned before revoking", 8_000);
    await setCustomerAccess(connection.db, { actor: alice, customerId: dana.customerId, revoked: true });
    // And nothing is planned for her while revoked.
    const planned = await connection.db.$count(
      deliveries,
      eq(deliveries.recipientCustomerId, dana.customerId),
    );
    await startWithDana("While revoked", 8_010);
    expect(await connection.db.$count(deliveries, eq(deliveries.recipientCustomerId, dana.customerId))).toBe(
      planned,
    );
    await sweep(8_010);
    expect(to("dana.diaz@customer.test")).toHaveLength(0);

    await setCustomerAccess(connection.db, { actor: alice, customerId: dana.customerId, revoked: false });
    await startWithDana("Restored", 8_100);
    await sweep(8_100);
    expect(to("dana.diaz@customer.test").map((e) => e.text.includes("Restored"))).toEqual([true]);
  });

  it("emails no customer while the workspace's customer email is off", async () => {
    await connection.db
      .update(workspaces)
      .set({ customerEmailEnabled: false })
      .where(eq(workspaces.id, workspaceId));
    await startWithDana("Quiet", 6_000);
    await sweep(6_000);
    expect(to("dana.diaz@customer.test")).toHaveLength(0);
  });

  it("are named after the conversation's subject, for the customer and the team alike", async () => {
    await startCustomerConversation(connection.db, {
      actor: alice,
      customerIds: [dana.customerId],
      userIds: [bob.userId],
      subject: "Your <refund>\nBcc: x@y.test",
      body: "It is on its way",
      clientMessageId: randomUUID(),
      now: at(9_000),
    });
    await sweep(9_000);
    await sweep(9_061);
    for (const email of [to("dana.diaz@customer.test"), to("bob.builder@acme.test")].map((list) =>
      list.at(-1),
    )) {
      // One line, and the same every time, so that a mail client threads the conversation's emails.
      expect(email?.subject).toBe("Your <refund> Bcc: x@y.test");
      expect(email?.html).toMatch(/<h1[^>]*>Your &lt;refund&gt; Bcc: x@y.test<\/h1>/);
      expect(email?.text.split("\n")[0]).toBe("Your <refund> Bcc: x@y.test");
      expect(email?.text).toContain("It is on its way");
    }
  });
});
