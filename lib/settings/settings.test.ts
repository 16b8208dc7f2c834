import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emailOutbox, workspaces } from "@/db/schema";
import { openTestWorkspaces } from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { queueEmails } from "@/lib/email/mailer";
import { getNotificationSettings, updateNotificationSettings } from "./notification-settings";
import {
  getWorkspaceSettings,
  listEmailProblems,
  updateWorkspaceSettings,
  workspaceSettingsInput,
} from "./workspace-settings";

let alice: TeamActor;
let bob: TeamActor;
let other: TeamActor;
const { db } = openTestWorkspaces(
  [
    { slug: "acme", team: ["Alice Admin", "Bob Builder"] },
    { slug: "globex", team: ["Olga Other"] },
  ],
  ({ member }) => {
    [alice, bob, other] = [member("Alice Admin"), member("Bob Builder"), member("Olga Other")];
  },
);

describe("a person's notification settings", () => {
  it("default to on and change only for that person", async () => {
    expect(await getNotificationSettings(db(), { actor: bob })).toEqual({
      email: true,
      bubble: true,
    });
    await updateNotificationSettings(db(), { actor: bob, settings: { email: false, bubble: true } });
    expect(await getNotificationSettings(db(), { actor: bob })).toEqual({
      email: false,
      bubble: true,
    });
    expect(await getNotificationSettings(db(), { actor: alice })).toEqual({
      email: true,
      bubble: true,
    });
  });
});

describe("workspace notification settings", () => {
  it("start at a 60 s delay with team and customer email on", async () => {
    expect(await getWorkspaceSettings(db(), { actor: alice })).toEqual({
      emailDelaySeconds: 60,
      teamEmailEnabled: true,
      customerEmailEnabled: true,
    });
  });

  it("are changed by an admin, for the admin's workspace only", async () => {
    await updateWorkspaceSettings(db(), {
      actor: alice,
      settings: { emailDelaySeconds: 2, teamEmailEnabled: true, customerEmailEnabled: false },
    });
    const rows = await db()
      .select({
        slug: workspaces.slug,
        delay: workspaces.emailDelaySeconds,
        customers: workspaces.customerEmailEnabled,
      })
      .from(workspaces);
    expect(Object.fromEntries(rows.map((row) => [row.slug, [row.delay, row.customers]]))).toEqual({
      acme: [2, false],
      globex: [60, true],
    });
  });

  it("refuse a member, and change nothing", async () => {
    const attempt = updateWorkspaceSettings(db(), {
      actor: bob,
      settings: { emailDelaySeconds: 0, teamEmailEnabled: false, customerEmailEnabled: true },
    });
    await expect(attempt).rejects.toMatchObject({ code: "forbidden" });
    await expect(getWorkspaceSettings(db(), { actor: bob })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await getWorkspaceSettings(db(), { actor: alice })).toMatchObject({
      emailDelaySeconds: 2,
    });
  });

  it("accept a delay from 0 s to 24 h, in whole seconds, and nothing else", () => {
    const parse = (emailDelaySeconds: number) =>
      workspaceSettingsInput.safeParse({
        emailDelaySeconds,
        teamEmailEnabled: true,
        customerEmailEnabled: true,
      }).success;
    expect([0, 60, 86_400].map(parse)).toEqual([true, true, true]);
    expect([-1, 86_401, 1.5, Number.NaN].map(parse)).toEqual([false, false, false, false]);
  });
});

describe("email delivery problems", () => {
  it("show an admin the failed and retrying emails of their own workspace, without bodies", async () => {
    const {
      emailIds: [failedId],
    } = await queueEmails(db(), [
      {
        to: "bob.builder@acme.test",
        subject: "New message from Alice Admin",
        html: "<p>secret</p>",
        text: "secret",
        workspaceId: alice.workspaceId,
      },
    ]);
    await db()
      .update(emailOutbox)
      .set({ status: "failed", attempts: 1, lastError: "422: invalid address" })
      .where(eq(emailOutbox.id, failedId as string));
    await queueEmails(db(), [
      {
        to: "olga.other@globex.test",
        subject: "Elsewhere",
        html: "",
        text: "",
        workspaceId: other.workspaceId,
      },
    ]);

    const problems = await listEmailProblems(db(), { actor: alice });
    expect(problems).toEqual([expect.objectContaining({ id: failedId, lastError: "422: invalid address" })]);
    expect(problems[0]).not.toHaveProperty("html");
    expect(problems[0]).not.toHaveProperty("text");
    await expect(listEmailProblems(db(), { actor: bob })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await listEmailProblems(db(), { actor: other })).toEqual([]);
  });
});
