import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { openTestWorkspaces, startTestConversation } from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { mayListen } from "./authorize";
import { conversationChannel, userChannel } from "./channels";

let conversationId: string;
const { db, member: actor } = openTestWorkspaces(
  [
    { slug: "acme", team: ["Alice Admin", "Bob Builder", "Carol Chen"] },
    { slug: "globex", team: ["Gina Globex"] },
  ],
  async () => {
    ({ conversationId } = await startTestConversation(db(), {
      from: actor("Alice Admin"),
      to: [actor("Bob Builder").userId],
    }));
  },
);

const may = (who: TeamActor | null, channel: string) => mayListen(db(), who, channel);

describe("who may listen on a channel", () => {
  it("lets participants listen to their conversation and each person to their own channel", async () => {
    expect(await may(actor("Alice Admin"), conversationChannel(conversationId))).toBe(true);
    expect(await may(actor("Bob Builder"), conversationChannel(conversationId))).toBe(true);
    expect(await may(actor("Bob Builder"), userChannel(actor("Bob Builder").userId))).toBe(true);
  });

  it.each(["Carol Chen", "Gina Globex"])(
    "refuses %s the conversation and other people's channels",
    async (name) => {
      expect(await may(actor(name), conversationChannel(conversationId))).toBe(false);
      expect(await may(actor(name), userChannel(actor("Alice Admin").userId))).toBe(false);
    },
  );

  it("refuses a signed-out visitor everything", async () => {
    expect(await may(null, conversationChannel(conversationId))).toBe(false);
    expect(await may(null, userChannel(actor("Alice Admin").userId))).toBe(false);
  });

  it("refuses unknown, malformed and public channel names", async () => {
    const alice = actor("Alice Admin");
    for (const channel of [
      conversationChannel(randomUUID()),
      "private-conversation-not-a-uuid",
      `presence-user-${alice.userId}`,
      `user-${alice.userId}`,
      `private-user-${alice.userId}-extra`,
    ]) {
      expect(await may(alice, channel)).toBe(false);
    }
  });

  it("refuses a participant who has been deactivated", async () => {
    await db()
      .update(users)
      .set({ deactivatedAt: new Date() })
      .where(eq(users.id, actor("Bob Builder").userId));
    expect(await may(actor("Bob Builder"), conversationChannel(conversationId))).toBe(false);
  });
});
