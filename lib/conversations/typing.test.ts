import { describe, expect, it } from "vitest";
import { rateLimits } from "@/db/schema";
import { openCustomerWorkspaces, recordEvents, rejectsNotFound } from "@/db/testing";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { chatChannel, conversationChannel } from "@/lib/realtime/channels";
import { startInternalConversation } from "./start-conversation";
import { announceCustomerTyping, announceTyping, typingPerMinute } from "./typing";

const acme = openCustomerWorkspaces();
const { db } = acme;
const recorder = recordEvents();

/** Who was told that someone types: `channel → data`. */
const told = () =>
  recorder.events.map((event) => ({ channel: event.channel, name: event.name, data: event.data }));

describe("the team typing", () => {
  it("a reply is shown to the team, and to the customer by name only", async () => {
    const { conversationId } = await acme.withDana("Hello");
    recorder.clear();
    await announceTyping(db(), { actor: acme.bob, conversationId, visibility: "public" });
    expect(told()).toEqual([
      {
        channel: conversationChannel(conversationId),
        name: "typing",
        data: { conversationId, userId: acme.bob.userId, name: "Bob Builder" },
      },
      {
        channel: chatChannel(conversationId, acme.dana.customerId),
        name: "typing",
        // No team id on a customer's channel.
        data: { conversationId, name: "Bob Builder" },
      },
    ]);
  });

  it("an internal message is shown to the team only: the customer is sent nothing at all", async () => {
    const { conversationId } = await acme.withDana("Hello");
    recorder.clear();
    await announceTyping(db(), { actor: acme.bob, conversationId, visibility: "internal" });
    // A client that does not say what it writes gets the same: a customer is told only of a reply.
    await announceTyping(db(), { actor: acme.alice, conversationId });
    expect(told().map((event) => event.channel)).toEqual([
      conversationChannel(conversationId),
      conversationChannel(conversationId),
    ]);
  });

  it("in an internal conversation, stays with the team whatever the composer says", async () => {
    const { conversationId } = await startInternalConversation(db(), {
      actor: acme.alice,
      participantIds: [acme.bob.userId],
      body: "Team only",
      clientMessageId: crypto.randomUUID(),
    });
    recorder.clear();
    await announceTyping(db(), { actor: acme.alice, conversationId, visibility: "public" });
    expect(told().map((event) => event.channel)).toEqual([conversationChannel(conversationId)]);
  });

  it("is refused to a member who may not see the conversation, and tells nobody", async () => {
    const { conversationId } = await acme.withDana("Hello");
    recorder.clear();
    // Carol is not customer-facing and not taking part.
    await rejectsNotFound(announceTyping(db(), { actor: acme.carol, conversationId, visibility: "public" }));
    await rejectsNotFound(
      announceTyping(db(), {
        actor: acme.dana as unknown as TeamActor,
        conversationId,
        visibility: "public",
      }),
    );
    expect(told()).toEqual([]);
  });
});

describe("the customer typing", () => {
  it("is shown to the team on the conversation's channel", async () => {
    const { conversationId } = await acme.withDana("Hello");
    recorder.clear();
    await announceCustomerTyping(db(), { actor: acme.dana, conversationId });
    expect(told()).toEqual([
      {
        channel: conversationChannel(conversationId),
        name: "typing",
        data: { conversationId, customerId: acme.dana.customerId, name: "Dana Diaz" },
      },
    ]);
  });

  it("cannot be announced by a customer not taking part, of this workspace or another, nor by a team session", async () => {
    const { conversationId } = await acme.withDana("For Dana only");
    const other = await acme.withDana("Another");
    recorder.clear();
    await rejectsNotFound(announceCustomerTyping(db(), { actor: acme.erin, conversationId }));
    await rejectsNotFound(announceCustomerTyping(db(), { actor: acme.outsider, conversationId }));
    const forged = { ...acme.outsider, workspaceId: acme.workspace.id };
    await rejectsNotFound(announceCustomerTyping(db(), { actor: forged, conversationId }));
    await rejectsNotFound(
      announceCustomerTyping(db(), { actor: acme.alice as unknown as CustomerActor, conversationId }),
    );
    // A session from another conversation's emailed link.
    const scoped = { ...acme.dana, onlyConversationId: other.conversationId };
    await rejectsNotFound(announceCustomerTyping(db(), { actor: scoped, conversationId }));
    expect(told()).toEqual([]);
  });

  it("is limited like the team's: a script saying it in a loop is refused", async () => {
    const { conversationId } = await acme.withDana("Hello");
    await db().delete(rateLimits);
    // One minute's window, whatever the time the test runs at.
    const now = new Date("2031-01-01T10:00:30Z");
    const limit = typingPerMinute().max;
    for (let i = 0; i < limit; i++)
      await announceCustomerTyping(db(), { actor: acme.dana, conversationId, now });
    recorder.clear();
    await expect(
      announceCustomerTyping(db(), { actor: acme.dana, conversationId, now }),
    ).rejects.toMatchObject({ code: "rate_limited" });
    await announceTyping(db(), { actor: acme.bob, conversationId, visibility: "public", now });
    // Bob has a limit of his own; Dana's refused call told nobody.
    expect(told().map((event) => (event.data as { name: string }).name)).toEqual([
      "Bob Builder",
      "Bob Builder",
    ]);
  });
});
