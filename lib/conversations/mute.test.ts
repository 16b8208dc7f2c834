import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliveries } from "@/db/schema";
import { openTestWorkspaces } from "@/db/testing";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { postMessage } from "@/lib/conversations/post-message";
import { startCustomerConversation, startInternalConversation } from "@/lib/conversations/start-conversation";
import { userChannel } from "@/lib/realtime/channels";
import type { MessageNotice } from "@/lib/realtime/events";
import { setRealtimeDriver } from "@/lib/realtime/publish";
import { recordingDriver } from "@/lib/realtime/recording-driver";
import { setMuted } from "./mute";

let alice: TeamActor;
let bob: TeamActor;
let dana: CustomerActor;
const { db } = openTestWorkspaces(
  [{ slug: "acme", team: ["Alice Admin", "Bob Builder"], customers: ["Dana Diaz"] }],
  ({ member, workspace }) => {
    [alice, bob] = [member("Alice Admin"), member("Bob Builder")];
    dana = workspace("acme").customer("Dana Diaz");
  },
);

describe("muting a conversation", () => {
  it("plans no email for the one who muted it, and tells their tabs not to show a bubble", async () => {
    const { conversationId } = await startInternalConversation(db(), {
      actor: alice,
      participantIds: [bob.userId],
      body: "Before",
      clientMessageId: randomUUID(),
    });
    await setMuted(db(), { actor: bob, conversationId, muted: true });
    const recorder = recordingDriver();
    setRealtimeDriver(recorder);
    const message = await postMessage(db(), {
      actor: alice,
      conversationId,
      body: "While muted",
      clientMessageId: randomUUID(),
    });
    const planned = await db().select().from(deliveries).where(eq(deliveries.messageId, message.messageId));
    expect(planned).toHaveLength(0);
    const toBob = recorder.events.find((event) => event.channel === userChannel(bob.userId));
    expect((toBob?.data as MessageNotice | undefined)?.muted).toBe(true);
    const toAlice = recorder.events.find((event) => event.channel === userChannel(alice.userId));
    expect(toAlice).toBeDefined();
    expect((toAlice?.data as MessageNotice | undefined)?.muted).toBeUndefined();

    await setMuted(db(), { actor: bob, conversationId, muted: false });
    const after = await postMessage(db(), {
      actor: alice,
      conversationId,
      body: "Unmuted",
      clientMessageId: randomUUID(),
    });
    expect(await db().$count(deliveries, eq(deliveries.messageId, after.messageId))).toBe(1);
  });

  it("is for people taking part only, and never for a customer", async () => {
    const { conversationId } = await startCustomerConversation(db(), {
      actor: alice,
      customerIds: [dana.customerId],
      userIds: [],
      body: "Hi",
      clientMessageId: randomUUID(),
    });
    // Bob, customer-facing, can see it but takes no part yet.
    await expect(setMuted(db(), { actor: bob, conversationId, muted: true })).rejects.toMatchObject({
      code: "not_a_participant",
    });
    await expect(
      setMuted(db(), { actor: dana as unknown as TeamActor, conversationId, muted: true }),
    ).rejects.toMatchObject({ code: "conversation_not_found" });
  });
});
