import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { deliveries, users } from "@/db/schema";
import { openTestWorkspaces, startTestConversation } from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { postMessage } from "@/lib/conversations/post-message";
import { getNotificationSettings } from "@/lib/settings/notification-settings";
import { setMemberCustomerFacing, setMemberEmailOff } from "./member-settings";

// Ann is Acme's admin; Ben and Cat are members; Olga is Globex's admin.
const { db, member } = openTestWorkspaces([
  { slug: "acme", team: ["Ann Admin", "Ben Builder", "Cat Coder"] },
  { slug: "globex", team: ["Olga Other"] },
]);

const ann = () => member("Ann Admin");
const ben = () => member("Ben Builder");
const asAdmin = (actor: TeamActor): TeamActor => ({ ...actor, role: "admin" });

async function switchesOf(actor: TeamActor) {
  const [row] = await db()
    .select({ emailOffByAdmin: users.emailOffByAdmin, customerFacing: users.customerFacing })
    .from(users)
    .where(eq(users.id, actor.userId));
  return row;
}

/** Who is planned an email about a message Cat writes to Ann and Ben. */
async function emailedAboutNewMessage() {
  const { conversationId } = await startTestConversation(db(), {
    from: member("Cat Coder"),
    to: [ann().userId, ben().userId],
  });
  const { messageId } = await postMessage(db(), {
    actor: member("Cat Coder"),
    conversationId,
    body: "hello",
    clientMessageId: randomUUID(),
  });
  const rows = await db()
    .select({ name: users.name })
    .from(deliveries)
    .innerJoin(users, eq(users.id, deliveries.recipientUserId))
    .where(eq(deliveries.messageId, messageId));
  return rows.map((row) => row.name).sort();
}

beforeEach(async () => {
  await db().update(users).set({ emailOffByAdmin: false, customerFacing: true });
});

describe("an admin turning a member's email off", () => {
  it("stops every email to the member, says so on their settings, keeps their choice, and turns back on", async () => {
    await setMemberEmailOff(db(), { actor: ann(), userId: ben().userId, off: true });
    expect(await emailedAboutNewMessage()).toEqual(["Ann Admin"]);
    expect(await getNotificationSettings(db(), { actor: ben() })).toMatchObject({
      email: "all",
      emailOffByAdmin: true,
    });

    await setMemberEmailOff(db(), { actor: ann(), userId: ben().userId, off: false });
    expect(await emailedAboutNewMessage()).toEqual(["Ann Admin", "Ben Builder"]);
    expect(await getNotificationSettings(db(), { actor: ben() })).toMatchObject({ emailOffByAdmin: false });
  });

  it("refuses a member, their own email included, and changes nothing", async () => {
    await expect(
      setMemberEmailOff(db(), { actor: ben(), userId: ben().userId, off: true }),
    ).rejects.toMatchObject({
      code: "forbidden",
      message: "Only admins can turn a member's email on or off.",
    });
    expect(await switchesOf(ben())).toMatchObject({ emailOffByAdmin: false });
  });

  it("refuses an actor whose admin role was taken away since their session started", async () => {
    await expect(
      setMemberEmailOff(db(), { actor: asAdmin(ben()), userId: member("Cat Coder").userId, off: true }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await switchesOf(member("Cat Coder"))).toMatchObject({ emailOffByAdmin: false });
  });

  it("finds no such member for the admin of another workspace, or for an id that is not one", async () => {
    await expect(
      setMemberEmailOff(db(), { actor: member("Olga Other"), userId: ben().userId, off: true }),
    ).rejects.toMatchObject({ code: "member_not_found" });
    await expect(
      setMemberEmailOff(db(), { actor: ann(), userId: "not-an-id", off: true }),
    ).rejects.toMatchObject({
      code: "member_not_found",
    });
    expect(await switchesOf(ben())).toMatchObject({ emailOffByAdmin: false });
  });
});

describe("an admin choosing who is customer-facing", () => {
  it("makes a member customer-facing, or not", async () => {
    await setMemberCustomerFacing(db(), { actor: ann(), userId: ben().userId, customerFacing: false });
    expect(await switchesOf(ben())).toMatchObject({ customerFacing: false });
    await setMemberCustomerFacing(db(), { actor: ann(), userId: ben().userId, customerFacing: true });
    expect(await switchesOf(ben())).toMatchObject({ customerFacing: true });
  });

  it("refuses a member, a demoted admin, and the admin of another workspace, and changes nothing", async () => {
    await expect(
      setMemberCustomerFacing(db(), { actor: ben(), userId: ben().userId, customerFacing: false }),
    ).rejects.toMatchObject({ code: "forbidden", message: "Only admins can choose who is customer-facing." });
    await expect(
      setMemberCustomerFacing(db(), { actor: asAdmin(ben()), userId: ben().userId, customerFacing: false }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      setMemberCustomerFacing(db(), {
        actor: member("Olga Other"),
        userId: ben().userId,
        customerFacing: false,
      }),
    ).rejects.toMatchObject({ code: "member_not_found" });
    expect(await switchesOf(ben())).toMatchObject({ customerFacing: true });
  });
});
