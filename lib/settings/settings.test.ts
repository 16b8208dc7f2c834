import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type Delivery, deliveries, emailOutbox, workspaces } from "@/db/schema";
import { openTestWorkspaces, startTestConversation, testClock } from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { queueEmails } from "@/lib/email/mailer";
import {
  chatFrameAncestorsBySlug,
  chatFrameSitesInput,
  getChatWidgetSettings,
  normalizeSite,
  updateChatFrameSites,
} from "./chat-frame-sites";
import {
  getNotificationSettings,
  notificationSettingsInput,
  pauseNotifications,
  resumeNotifications,
  updateNotificationSettings,
} from "./notification-settings";
import {
  getWorkspaceSettings,
  listEmailProblems,
  listPushProblems,
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
  const defaults = {
    email: "all",
    push: "all",
    bubble: true,
    sound: true,
    pausedUntil: null,
    emailOffByAdmin: false,
  };

  it("start as all messages, bubble and sound on, and change only for that person", async () => {
    expect(await getNotificationSettings(db(), { actor: bob })).toEqual(defaults);
    await updateNotificationSettings(db(), {
      actor: bob,
      settings: { email: "direct", push: "none", bubble: true, sound: false },
    });
    expect(await getNotificationSettings(db(), { actor: bob })).toEqual({
      ...defaults,
      email: "direct",
      push: "none",
      sound: false,
    });
    expect(await getNotificationSettings(db(), { actor: alice })).toEqual(defaults);
    expect(await getNotificationSettings(db(), { actor: other })).toEqual(defaults);
  });

  it("take only the three choices, for email and for push", () => {
    const valid = (email: unknown, push: unknown) =>
      notificationSettingsInput.safeParse({ email, push, bubble: true, sound: true }).success;
    for (const choice of ["all", "direct", "none"]) {
      expect(valid(choice, "all")).toBe(true);
      expect(valid("all", choice)).toBe(true);
    }
    for (const bad of [true, "some", "", undefined]) {
      expect(valid(bad, "all")).toBe(false);
      expect(valid("all", bad)).toBe(false);
    }
  });

  it("pause for that person alone, until a time in the next 30 days, and resume", async () => {
    const { start: now, afterMinutes } = testClock();
    const until = afterMinutes(60);
    await pauseNotifications(db(), { actor: alice, until, now });
    expect(await getNotificationSettings(db(), { actor: alice, now })).toMatchObject({ pausedUntil: until });
    expect(await getNotificationSettings(db(), { actor: bob, now })).toMatchObject({ pausedUntil: null });
    // Once the time has come, the pause is over by itself.
    expect(await getNotificationSettings(db(), { actor: alice, now: afterMinutes(61) })).toMatchObject({
      pausedUntil: null,
    });
    for (const bad of [now, afterMinutes(-5), afterMinutes(31 * 24 * 60), new Date(Number.NaN)])
      await expect(pauseNotifications(db(), { actor: alice, until: bad, now })).rejects.toMatchObject({
        code: "invalid_input",
      });
    // A refused pause leaves the one in force.
    expect(await getNotificationSettings(db(), { actor: alice, now })).toMatchObject({ pausedUntil: until });
    await resumeNotifications(db(), { actor: alice });
    expect(await getNotificationSettings(db(), { actor: alice, now })).toMatchObject({ pausedUntil: null });
  });
});

describe("workspace notification settings", () => {
  it("start at a 60 s delay with team and customer email on, 15 minutes to edit, new members on everything, tickets on a reply, and the chat framed by any site", async () => {
    expect(await getWorkspaceSettings(db(), { actor: alice })).toEqual({
      emailDelaySeconds: 60,
      teamEmailEnabled: true,
      customerEmailEnabled: true,
      messageEditWindowSeconds: 900,
      newMemberBubble: true,
      newMemberSound: true,
      newMemberEmailChoice: "all",
      itemDefaultVisibility: "public",
    });
    expect(await getChatWidgetSettings(db(), { actor: alice })).toEqual({
      slug: "acme",
      chatFrameAncestors: [],
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

  it("set the time to edit a message, and leave it as it is when not given", async () => {
    const email = { emailDelaySeconds: 2, teamEmailEnabled: true, customerEmailEnabled: false };
    await updateWorkspaceSettings(db(), {
      actor: alice,
      settings: { ...email, messageEditWindowSeconds: 3600 },
    });
    await updateWorkspaceSettings(db(), { actor: alice, settings: email });
    expect(await getWorkspaceSettings(db(), { actor: alice })).toMatchObject({
      messageEditWindowSeconds: 3600,
    });
    await updateWorkspaceSettings(db(), {
      actor: alice,
      settings: { ...email, messageEditWindowSeconds: 900 },
    });
  });

  it("set the new members' defaults and the ticket composer's first tab, and leave them as they are when not given", async () => {
    const email = { emailDelaySeconds: 2, teamEmailEnabled: true, customerEmailEnabled: false };
    const chosen = {
      newMemberBubble: false,
      newMemberSound: false,
      newMemberEmailChoice: "none" as const,
      itemDefaultVisibility: "internal" as const,
    };
    await updateWorkspaceSettings(db(), { actor: alice, settings: { ...email, ...chosen } });
    await updateWorkspaceSettings(db(), { actor: alice, settings: email });
    expect(await getWorkspaceSettings(db(), { actor: alice })).toMatchObject(chosen);
    expect(await getWorkspaceSettings(db(), { actor: other })).toMatchObject({
      newMemberEmailChoice: "all",
      itemDefaultVisibility: "public",
    });
    const defaults = {
      newMemberBubble: true,
      newMemberSound: true,
      newMemberEmailChoice: "all" as const,
      itemDefaultVisibility: "public" as const,
    };
    await updateWorkspaceSettings(db(), { actor: alice, settings: { ...email, ...defaults } });
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

  it("accept a delay from 0 s to 24 h, in whole seconds, as a number or as typed, and nothing else", () => {
    const parse = (emailDelaySeconds: number | string) => {
      const result = workspaceSettingsInput.safeParse({
        emailDelaySeconds,
        teamEmailEnabled: true,
        customerEmailEnabled: true,
      });
      return result.success && result.data.emailDelaySeconds;
    };
    expect([0, 60, 86_400, "90", "5 min", "24 hours"].map(parse)).toEqual([0, 60, 86_400, 90, 300, 86_400]);
    expect([-1, 86_401, 1.5, Number.NaN, "", "25 h", "soon"].map(parse)).toEqual(Array(7).fill(false));
  });
});

describe("the sites that may frame the chat page", () => {
  const notifications = { emailDelaySeconds: 60, teamEmailEnabled: true, customerEmailEnabled: true };
  /** As the settings action does it: parse (a refusal reaches no update), then save as the actor. */
  const save = async (actor: TeamActor, sites: unknown) => {
    const parsed = chatFrameSitesInput.safeParse(sites);
    if (!parsed.success) return { ok: false, issues: parsed.error.issues } as const;
    return { ok: true, data: await updateChatFrameSites(db(), { actor, sites: parsed.data }) } as const;
  };

  it("are saved by an admin, normalized, and read back by the chat page's slug", async () => {
    const result = await save(alice, [
      " https://WWW.Example.com/ ",
      "",
      "https://*.example.org:443",
      "http://localhost:8080",
      "https://www.example.com",
    ]);
    const sites = ["https://www.example.com", "https://*.example.org", "http://localhost:8080"];
    expect(result).toEqual({ ok: true, data: { chatFrameAncestors: sites } });
    expect(await chatFrameAncestorsBySlug(db(), "ACME")).toEqual(sites);
    expect(await chatFrameAncestorsBySlug(db(), "globex")).toEqual([]);
    expect(await chatFrameAncestorsBySlug(db(), "no-such-workspace")).toEqual([]);
  });

  it("refuse anything but an origin, with a message naming it, and save nothing", async () => {
    const before = await chatFrameAncestorsBySlug(db(), "acme");
    for (const bad of [
      "www.example.com",
      "https://www.example.com/chat",
      "https://www.example.com?x=1",
      "ftp://www.example.com",
      "javascript:alert(1)",
      "*",
      "'self'",
      "https://*",
      "https://*.com",
      "https://a.*.example.com",
      "https://user:pass@example.com",
      "https://example.com; script-src *",
      "https://exa mple.com",
      "https://example.com:99999",
      "https://[::1]",
    ]) {
      const result = await save(alice, ["https://fine.example.com", bad]);
      expect(result.ok, bad).toBe(false);
      if (result.ok) continue;
      // One error on the field, naming the entry and showing the form it should take.
      expect(result.issues, bad).toEqual([
        expect.objectContaining({
          path: [],
          message: expect.stringContaining(`“${bad}” is not a site address`),
        }),
      ]);
      expect(result.issues[0]?.message).toContain("https://www.example.com or https://*.example.com");
    }
    expect(await chatFrameAncestorsBySlug(db(), "acme")).toEqual(before);
  });

  it("are at most 20, counted once each", async () => {
    const sites = (count: number) => Array.from({ length: count }, (_, i) => `https://shop${i}.example.com`);
    expect(await save(alice, [...sites(20), ...sites(20)])).toMatchObject({ ok: true });
    expect(await save(alice, sites(21))).toEqual({
      ok: false,
      issues: [expect.objectContaining({ path: [], message: "List at most 20 sites." })],
    });
    expect(await chatFrameAncestorsBySlug(db(), "acme")).toEqual(sites(20));
  });

  it("cannot be read or changed by a member", async () => {
    const before = await chatFrameAncestorsBySlug(db(), "acme");
    await expect(getChatWidgetSettings(db(), { actor: bob })).rejects.toMatchObject({ code: "forbidden" });
    await expect(save(bob, ["https://attacker.example"])).rejects.toMatchObject({ code: "forbidden" });
    expect(await chatFrameAncestorsBySlug(db(), "acme")).toEqual(before);
  });

  it("stay as they are when only the notifications are saved", async () => {
    const before = await chatFrameAncestorsBySlug(db(), "acme");
    await updateWorkspaceSettings(db(), {
      actor: alice,
      settings: { ...notifications, emailDelaySeconds: 5 },
    });
    expect(await chatFrameAncestorsBySlug(db(), "acme")).toEqual(before);
  });

  it("are written as the header will read them", () => {
    expect(normalizeSite("HTTPS://Bücher.Example")).toBe("https://xn--bcher-kva.example");
    expect(normalizeSite("http://example.com:80/")).toBe("http://example.com");
    expect(normalizeSite("https://example.com:8443")).toBe("https://example.com:8443");
    expect(normalizeSite("http://127.0.0.1:3000")).toBe("http://127.0.0.1:3000");
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

describe("push delivery problems", () => {
  const { afterMinutes } = testClock();

  /**
   * A message from Alice to Bob, and a delivery to Bob about it in this state, made that many
   * minutes in, instead of those the message planned.
   */
  async function deliveryToBob(
    minutes: number,
    state: Pick<Delivery, "status" | "attempts" | "lastError">,
    channel: Delivery["channel"] = "push",
  ) {
    const { conversationId, messageId } = await startTestConversation(db(), {
      from: alice,
      to: [bob.userId],
      body: "the internal plan",
    });
    await db().delete(deliveries).where(eq(deliveries.messageId, messageId));
    const [row] = await db()
      .insert(deliveries)
      .values({
        workspaceId: alice.workspaceId,
        messageId,
        conversationId,
        recipientUserId: bob.userId,
        channel,
        dueAt: afterMinutes(minutes),
        createdAt: afterMinutes(minutes),
        ...state,
      })
      .returning({ id: deliveries.id });
    return row?.id;
  }

  it("show an admin the failed and retrying pushes of their own workspace, newest first, without the message", async () => {
    const failedId = await deliveryToBob(1, {
      status: "failed",
      attempts: 1,
      lastError: "push service answered 403: forbidden",
    });
    const retryingId = await deliveryToBob(2, {
      status: "pending",
      attempts: 2,
      lastError: "push service answered 503: busy",
    });
    // Not problems: never tried yet, claimed and not yet answered, sent, or not needed.
    await deliveryToBob(3, { status: "pending", attempts: 0, lastError: null });
    await deliveryToBob(4, { status: "pending", attempts: 1, lastError: null });
    await deliveryToBob(5, { status: "sent", attempts: 1, lastError: null });
    await deliveryToBob(6, { status: "cancelled", attempts: 0, lastError: "seen" });
    // An email's problems are its outbox email's, listed beside these.
    await deliveryToBob(7, { status: "failed", attempts: 1, lastError: "422: invalid address" }, "email");

    const problems = await listPushProblems(db(), { actor: alice });
    expect(problems).toEqual([
      {
        id: retryingId,
        recipientName: "Bob Builder",
        state: "retrying",
        attempts: 2,
        lastError: "push service answered 503: busy",
        createdAt: afterMinutes(2),
      },
      {
        id: failedId,
        recipientName: "Bob Builder",
        state: "failed",
        attempts: 1,
        lastError: "push service answered 403: forbidden",
        createdAt: afterMinutes(1),
      },
    ]);
    expect(JSON.stringify(problems)).not.toContain("the internal plan");
    expect(await listPushProblems(db(), { actor: alice, limit: 1 })).toEqual([
      expect.objectContaining({ id: retryingId }),
    ]);

    await expect(listPushProblems(db(), { actor: bob })).rejects.toMatchObject({ code: "forbidden" });
    expect(await listPushProblems(db(), { actor: other })).toEqual([]);
  });
});
