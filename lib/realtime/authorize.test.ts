import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { users } from "@/db/schema";
import {
  createTestDb,
  createWorkspace,
  memberOf,
  startTestConversation,
  type TestWorkspace,
} from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { mayListen } from "./authorize";
import { conversationChannel, userChannel } from "./channels";

let connection: Connection;
let acme: TestWorkspace;
let globex: TestWorkspace;
let conversationId: string;
const actor = (name: string) => memberOf([acme, globex], name);

beforeAll(async () => {
  connection = await createTestDb();
  acme = await createWorkspace(connection, {
    slug: "acme",
    team: ["Alice Admin", "Bob Builder", "Carol Chen"],
  });
  globex = await createWorkspace(connection, { slug: "globex", team: ["Gina Globex"] });
  ({ conversationId } = await startTestConversation(connection.db, {
    from: actor("Alice Admin"),
    to: [actor("Bob Builder").userId],
  }));
});
afterAll(() => connection.close());

const may = (who: TeamActor | null, channel: string) => mayListen(connection.db, who, channel);

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
    await connection.db
      .update(users)
      .set({ deactivatedAt: new Date() })
      .where(eq(users.id, actor("Bob Builder").userId));
    expect(await may(actor("Bob Builder"), conversationChannel(conversationId))).toBe(false);
  });
});
