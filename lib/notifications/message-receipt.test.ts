import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { messages, users } from "@/db/schema";
import {
  createTestDb,
  createWorkspace,
  type FakePushServiceWithSender,
  type FakeResendWithDriver,
  startFakePushServiceWithSender,
  startFakeResendWithDriver,
  startTestConversation,
  startTestCustomerConversation,
  type TestWorkspace,
  testClock,
} from "@/db/testing";
import { addParticipants } from "@/lib/conversations/add-participants";
import { setMuted } from "@/lib/conversations/mute";
import { postMessage } from "@/lib/conversations/post-message";
import { markRead } from "@/lib/conversations/read-state";
import { savePushSubscription } from "@/lib/push/subscriptions";
import { recordHeartbeat } from "@/lib/realtime/presence";
import { runEmailSweep } from "./email-sweep";
import { getMessageReceipt } from "./message-receipt";
import { runPushSweep } from "./push-sweep";

let connection: Connection;
let acme: TestWorkspace;
let globex: TestWorkspace;
let resend: FakeResendWithDriver;
let push: FakePushServiceWithSender;
const db = () => connection.db;
const member = (name: string) => acme.member(name);
const { start: T0, afterSeconds: at } = testClock();

beforeAll(async () => {
  connection = await createTestDb();
  acme = await createWorkspace(connection, {
    slug: "acme",
    team: [
      "Alice Admin",
      "Bob Builder",
      "Carol Chen",
      "Dave Online",
      "Erin Muted",
      "Finn Phone",
      "Gail Broken",
    ],
    customers: ["Dana Diaz"],
    notCustomerFacing: [
      "Bob Builder",
      "Carol Chen",
      "Dave Online",
      "Erin Muted",
      "Finn Phone",
      "Gail Broken",
    ],
  });
  globex = await createWorkspace(connection, { slug: "globex", team: ["Gus Globex"] });
  resend = await startFakeResendWithDriver();
  push = await startFakePushServiceWithSender();
});
afterAll(async () => {
  await push.stop();
  await resend.close();
  await connection.close();
});

const receipt = (name: string, conversationId: string, messageId: string) =>
  getMessageReceipt(db(), { actor: member(name), conversationId, messageId });
const words = (rows: Awaited<ReturnType<typeof receipt>>) =>
  Object.fromEntries(rows.map((row) => [row.name, row.reason ? `${row.word}: ${row.reason}` : row.word]));
const sweepEmail = (now: Date) =>
  runEmailSweep(db(), { driver: resend.driver, now, appUrl: "http://app.test" });
const sweepPush = (now: Date) => runPushSweep(db(), { now, sender: push.sender });

describe("the receipt of a team message", () => {
  let conversationId: string;
  let messageId: string;

  beforeAll(async () => {
    const everyone = ["Bob Builder", "Carol Chen", "Dave Online", "Erin Muted", "Finn Phone", "Gail Broken"];
    ({ conversationId } = await startTestConversation(db(), {
      from: member("Alice Admin"),
      to: everyone.map((name) => member(name).userId),
    }));
    for (const name of everyone) await markRead(db(), { viewer: member(name), conversationId, seq: 1 });
    for (const name of ["Finn Phone", "Gail Broken"])
      await savePushSubscription(db(), {
        actor: member(name),
        subscription: push.newSubscription(),
        device: "Chrome on Android",
      });
    // Only Finn and Gail have devices; nobody else is pushed. Dave is in the app.
    await db()
      .update(users)
      .set({ emailChoice: "none" })
      .where(eq(users.id, member("Finn Phone").userId));
    await db()
      .update(users)
      .set({ emailChoice: "none" })
      .where(eq(users.id, member("Gail Broken").userId));
    await recordHeartbeat(db(), { actor: member("Dave Online"), now: at(-10) });
    ({ messageId } = await postMessage(db(), {
      actor: member("Alice Admin"),
      conversationId,
      body: "Release at five",
      clientMessageId: randomUUID(),
      now: T0,
    }));
  });

  it("says Pending, with the due time, before anything has gone; Shown live for who was in the app", async () => {
    const rows = await receipt("Alice Admin", conversationId, messageId);
    expect(words(rows)).toEqual({
      "Bob Builder": "Pending",
      "Carol Chen": "Pending",
      "Dave Online": "Shown live",
      "Erin Muted": "Pending",
      "Finn Phone": "Pending",
      "Gail Broken": "Pending",
    });
    expect(rows.find((row) => row.name === "Bob Builder")?.at).toEqual(at(60));
    expect(rows.find((row) => row.name === "Finn Phone")?.at).toEqual(T0);
  });

  it("then Seen with the time, Emailed, Pushed, Failed, and Cancelled with the reason", async () => {
    await markRead(db(), { viewer: member("Bob Builder"), conversationId, seq: 99 });
    await setMuted(db(), { actor: member("Erin Muted"), conversationId, muted: true });
    push.answerNext(403); // Gail's push service refuses, for good (the pushes go in device order).
    await sweepPush(at(1));
    await sweepEmail(at(61));
    const rows = await receipt("Carol Chen", conversationId, messageId);
    const shown = words(rows);
    expect(shown).toMatchObject({
      "Bob Builder": "Seen",
      "Carol Chen": "Emailed",
      // Shown it live, he did not read it in time: the email went too.
      "Dave Online": "Emailed",
      "Erin Muted": "Cancelled: muted",
    });
    // One of Finn and Gail was refused, the other pushed.
    expect([shown["Finn Phone"], shown["Gail Broken"]].sort()).toEqual([
      expect.stringMatching(/^Failed: push service answered 403/),
      "Pushed",
    ]);
    const bob = rows.find((row) => row.name === "Bob Builder");
    expect(bob?.at?.getTime()).toBeGreaterThan(Date.now() - 60_000);
    // The author is not a recipient; Carol reads her own line like anyone else's.
    expect(rows.map((row) => row.name)).not.toContain("Alice Admin");
    const carol = rows.find((row) => row.name === "Carol Chen");
    expect(carol?.lines).toEqual([{ channel: "email", status: "sent", at: expect.any(Date), reason: null }]);
  });

  it("is for the team who may see the thread, and no one else", async () => {
    await expect(
      getMessageReceipt(db(), { actor: globex.member("Gus Globex"), conversationId, messageId }),
    ).rejects.toMatchObject({ code: "conversation_not_found" });
    const { conversationId: other } = await startTestConversation(db(), {
      from: member("Bob Builder"),
      to: [member("Carol Chen").userId],
    });
    // Alice is not in Bob and Carol's conversation: to her it does not exist.
    await expect(receipt("Alice Admin", other, messageId)).rejects.toMatchObject({
      code: "conversation_not_found",
    });
    // A message of another thread, through a thread she may see, is no message.
    const [otherMessage] = await db().select().from(messages).where(eq(messages.conversationId, other));
    await expect(receipt("Bob Builder", conversationId, otherMessage?.id ?? "")).rejects.toMatchObject({
      code: "message_not_found",
    });
  });
});

describe("the receipt of a customer's message", () => {
  it("tells the team which of them has seen it, and never lists a customer for an internal note", async () => {
    const { conversationId } = await startTestCustomerConversation(db(), {
      from: member("Alice Admin"),
      customers: [acme.customer("Dana Diaz").customerId],
    });
    await addParticipants(db(), {
      actor: member("Alice Admin"),
      conversationId,
      userIds: [member("Bob Builder").userId],
    });
    const fromDana = await postMessage(db(), {
      actor: acme.customer("Dana Diaz"),
      conversationId,
      body: "Any news?",
      clientMessageId: randomUUID(),
      now: at(5),
    });
    await markRead(db(), { viewer: member("Alice Admin"), conversationId, seq: fromDana.seq });
    expect(words(await receipt("Bob Builder", conversationId, fromDana.messageId))).toMatchObject({
      "Alice Admin": "Seen",
      "Bob Builder": "Pending",
    });

    const note = await postMessage(db(), {
      actor: member("Alice Admin"),
      conversationId,
      body: "Internal: she is a VIP",
      visibility: "internal",
      clientMessageId: randomUUID(),
      now: at(10),
    });
    const rows = await receipt("Alice Admin", conversationId, note.messageId);
    expect(rows.map((row) => row.kind)).not.toContain("customer");
    expect(rows.map((row) => row.name)).toEqual(["Bob Builder"]);
  });
});
