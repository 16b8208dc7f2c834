import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emailOutbox, teamInvitations, users } from "@/db/schema";
import { openTestWorkspaces } from "@/db/testing";
import { verifyPassword } from "@/lib/auth/password";
import { consumeTeamSignInLink } from "@/lib/auth/team-sign-in-links";
import { updateWorkspaceSettings } from "@/lib/settings/workspace-settings";
import {
  acceptInvitation,
  INVITATION_DAYS,
  inviteMember,
  listPendingInvitations,
  peekInvitation,
  resendInvitation,
  revokeInvitation,
} from "./invitations";

const APP_URL = "http://localhost:3000";
const { db, member } = openTestWorkspaces([
  { slug: "acme", team: ["Ann Admin", "Ben Builder"] },
  { slug: "globex", team: ["Olga Other"] },
]);
const ann = () => member("Ann Admin");
const ben = () => member("Ben Builder");
const olga = () => member("Olga Other");

let run = 0;
const newAddress = () => `invitee-${++run}@example.test`;
const at = (iso: string) => new Date(iso);
const DAY = 86_400_000;

/** The token of the newest invitation emailed to this address, as the invitee reads it. */
async function emailedToken(email: string) {
  const [sent] = await db()
    .select({ text: emailOutbox.text, subject: emailOutbox.subject })
    .from(emailOutbox)
    .where(eq(emailOutbox.to, email))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(1);
  const token = /\/invite\?token=([A-Za-z0-9_-]+)/.exec(sent?.text ?? "")?.[1];
  if (!token) throw new Error(`no invitation emailed to ${email}`);
  return token;
}

async function invite(email: string, role: "admin" | "member" = "member", now = new Date()) {
  const { invitation } = await inviteMember(db(), { actor: ann(), email, role, appUrl: APP_URL, now });
  return { invitation, token: await emailedToken(email.toLowerCase()) };
}

describe("inviting", () => {
  it("emails a single-use link, stores only its hash, and lists the invitation as pending", async () => {
    const email = newAddress();
    const now = at("2026-11-30T10:00:00Z");
    const { invitation, token } = await invite(email.toUpperCase(), "admin", now);
    expect(invitation).toMatchObject({ email, role: "admin", expired: false });
    expect(invitation.expiresAt).toEqual(new Date(now.getTime() + INVITATION_DAYS * DAY));
    const [row] = await db().select().from(teamInvitations).where(eq(teamInvitations.id, invitation.id));
    expect(row?.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
    const [sent] = await db().select().from(emailOutbox).where(eq(emailOutbox.to, email));
    expect(sent?.subject).toBe("Ann Admin invited you to join acme");
    expect((await listPendingInvitations(db(), { actor: ann(), now })).map((i) => i.email)).toContain(email);
    expect(await peekInvitation(db(), { token, now })).toEqual({
      state: "open",
      email,
      role: "admin",
      workspaceName: "acme",
    });
  });

  it("refuses an address that already has a team account, in this workspace or another", async () => {
    for (const email of ["ben.builder@acme.test", "olga.other@globex.test"])
      await expect(
        inviteMember(db(), { actor: ann(), email, role: "member", appUrl: APP_URL }),
      ).rejects.toMatchObject({
        code: "email_taken",
        message: `${email} already has a team account. An address can belong to one team only.`,
      });
  });

  it("refuses a bad address", async () => {
    await expect(
      inviteMember(db(), { actor: ann(), email: "not an address", role: "member", appUrl: APP_URL }),
    ).rejects.toMatchObject({ code: "invalid_email" });
  });

  it("a member cannot invite, and an admin invites into their own workspace only", async () => {
    const email = newAddress();
    await expect(
      inviteMember(db(), { actor: ben(), email, role: "admin", appUrl: APP_URL }),
    ).rejects.toMatchObject({ code: "forbidden", message: "Only admins can invite people to the team." });
    expect(await db().select().from(teamInvitations).where(eq(teamInvitations.email, email))).toHaveLength(0);
    // Olga's invitation is Globex's: accepted, the invitee joins Globex, never Acme.
    await inviteMember(db(), { actor: olga(), email, role: "member", appUrl: APP_URL });
    const { workspaceId } = await acceptInvitation(db(), {
      token: await emailedToken(email),
      name: "Gwen",
      password: "a long enough password",
    });
    expect(workspaceId).toBe(olga().workspaceId);
    expect((await listPendingInvitations(db(), { actor: ann() })).map((i) => i.email)).not.toContain(email);
  });

  it("a member cannot list the invitations", async () => {
    await expect(listPendingInvitations(db(), { actor: ben() })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("accepting", () => {
  it("creates the account with the chosen name and password and the invited role, and signs it in", async () => {
    const email = newAddress();
    const { token } = await invite(email, "admin");
    const accepted = await acceptInvitation(db(), {
      token,
      name: "Ivy Invitee",
      password: "a long enough password",
    });
    const [user] = await db().select().from(users).where(eq(users.id, accepted.userId));
    expect(user).toMatchObject({ name: "Ivy Invitee", email, role: "admin", workspaceId: ann().workspaceId });
    expect(user?.emailVerified).not.toBeNull();
    expect(await verifyPassword("a long enough password", user?.passwordHash ?? "")).toBe(true);
    expect(await consumeTeamSignInLink(db(), { token: accepted.signInToken })).toMatchObject({
      id: accepted.userId,
    });
  });

  it("starts the new member on the workspace's defaults for new members", async () => {
    const email = { emailDelaySeconds: 60, teamEmailEnabled: true, customerEmailEnabled: true };
    const joining = {
      newMemberBubble: false,
      newMemberSound: false,
      newMemberEmailChoice: "direct" as const,
    };
    await updateWorkspaceSettings(db(), { actor: ann(), settings: { ...email, ...joining } });
    try {
      const { token } = await invite(newAddress());
      const { userId } = await acceptInvitation(db(), {
        token,
        name: "Dee Default",
        password: "a long enough password",
      });
      const [user] = await db().select().from(users).where(eq(users.id, userId));
      expect(user).toMatchObject({ notifyBubble: false, notifySound: false, emailChoice: "direct" });
    } finally {
      const back = { newMemberBubble: true, newMemberSound: true, newMemberEmailChoice: "all" as const };
      await updateWorkspaceSettings(db(), { actor: ann(), settings: { ...email, ...back } });
    }
  });

  it("works once: a second use is refused and says the invitation was accepted", async () => {
    const { token } = await invite(newAddress());
    await acceptInvitation(db(), { token, name: "Once", password: "a long enough password" });
    await expect(
      acceptInvitation(db(), { token, name: "Twice", password: "a long enough password" }),
    ).rejects.toMatchObject({
      code: "invitation_link_invalid",
      message: "This invitation was already accepted. Sign in instead.",
    });
    expect(await peekInvitation(db(), { token })).toEqual({ state: "used" });
  });

  it("two uses at the same moment make one account", async () => {
    const email = newAddress();
    const { token } = await invite(email);
    const results = await Promise.allSettled(
      ["One", "Two"].map((name) =>
        acceptInvitation(db(), { token, name, password: "a long enough password" }),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await db().select().from(users).where(eq(users.email, email))).toHaveLength(1);
  });

  it("expires after 7 days", async () => {
    const sent = at("2026-11-01T10:00:00Z");
    const email = newAddress();
    const { token } = await invite(email, "member", sent);
    const justBefore = new Date(sent.getTime() + INVITATION_DAYS * DAY - 1000);
    const after = new Date(sent.getTime() + INVITATION_DAYS * DAY);
    expect((await peekInvitation(db(), { token, now: justBefore })).state).toBe("open");
    expect(await peekInvitation(db(), { token, now: after })).toEqual({ state: "expired" });
    await expect(
      acceptInvitation(db(), { token, name: "Late", password: "a long enough password", now: after }),
    ).rejects.toMatchObject({ code: "invitation_link_invalid", message: expect.stringContaining("expired") });
    // Still listed, marked expired, so it can be sent again.
    const listed = (await listPendingInvitations(db(), { actor: ann(), now: after })).find(
      (i) => i.email === email,
    );
    expect(listed?.expired).toBe(true);
  });

  it("an address that got an account meanwhile is refused with a clear message", async () => {
    const email = newAddress();
    const fromAcme = await invite(email);
    await inviteMember(db(), { actor: olga(), email, role: "member", appUrl: APP_URL });
    const fromGlobex = await emailedToken(email);
    await acceptInvitation(db(), { token: fromGlobex, name: "Ok", password: "a long enough password" });
    expect(await peekInvitation(db(), { token: fromAcme.token })).toEqual({ state: "taken" });
    await expect(
      acceptInvitation(db(), { token: fromAcme.token, name: "Again", password: "a long enough password" }),
    ).rejects.toMatchObject({ code: "email_taken" });
  });
});

describe("revoking and sending again", () => {
  it("a revoked invitation's link stops working and leaves the list", async () => {
    const email = newAddress();
    const { invitation, token } = await invite(email);
    await revokeInvitation(db(), { actor: ann(), invitationId: invitation.id });
    expect(await peekInvitation(db(), { token })).toEqual({ state: "revoked" });
    await expect(
      acceptInvitation(db(), { token, name: "Nope", password: "a long enough password" }),
    ).rejects.toMatchObject({
      code: "invitation_link_invalid",
      message: expect.stringContaining("withdrawn"),
    });
    expect((await listPendingInvitations(db(), { actor: ann() })).map((i) => i.email)).not.toContain(email);
    await expect(revokeInvitation(db(), { actor: ann(), invitationId: invitation.id })).rejects.toMatchObject(
      { code: "invitation_not_found" },
    );
  });

  it("sending again emails a new link that works, and the old one stops working", async () => {
    const email = newAddress();
    const sent = at("2026-11-01T10:00:00Z");
    const first = await invite(email, "admin", sent);
    const later = new Date(sent.getTime() + 10 * DAY); // the first has expired by now
    const again = await resendInvitation(db(), {
      actor: ann(),
      invitationId: first.invitation.id,
      appUrl: APP_URL,
      now: later,
    });
    expect(again.invitation).toMatchObject({ email, role: "admin", expired: false });
    expect(again.invitation.expiresAt).toEqual(new Date(later.getTime() + INVITATION_DAYS * DAY));
    const second = await emailedToken(email);
    expect(second).not.toBe(first.token);
    expect(await peekInvitation(db(), { token: first.token, now: later })).toEqual({ state: "revoked" });
    expect((await peekInvitation(db(), { token: second, now: later })).state).toBe("open");
    const pending = (await listPendingInvitations(db(), { actor: ann(), now: later })).filter(
      (i) => i.email === email,
    );
    expect(pending.map((i) => i.id)).toEqual([again.invitation.id]);
  });

  it("inviting an address again replaces its pending invitation", async () => {
    const email = newAddress();
    const first = await invite(email, "member");
    const second = await invite(email, "admin");
    expect(await peekInvitation(db(), { token: first.token })).toEqual({ state: "revoked" });
    expect(await peekInvitation(db(), { token: second.token })).toMatchObject({
      state: "open",
      role: "admin",
    });
  });

  it("a member cannot revoke or send again; another workspace's admin finds no such invitation", async () => {
    const { invitation, token } = await invite(newAddress());
    await expect(revokeInvitation(db(), { actor: ben(), invitationId: invitation.id })).rejects.toMatchObject(
      {
        code: "forbidden",
      },
    );
    await expect(
      resendInvitation(db(), { actor: ben(), invitationId: invitation.id, appUrl: APP_URL }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      revokeInvitation(db(), { actor: olga(), invitationId: invitation.id }),
    ).rejects.toMatchObject({
      code: "invitation_not_found",
    });
    await expect(
      resendInvitation(db(), { actor: olga(), invitationId: invitation.id, appUrl: APP_URL }),
    ).rejects.toMatchObject({ code: "invitation_not_found" });
    await expect(revokeInvitation(db(), { actor: ann(), invitationId: "not-a-uuid" })).rejects.toMatchObject({
      code: "invitation_not_found",
    });
    // Still pending, with its first link.
    expect((await peekInvitation(db(), { token })).state).toBe("open");
    const [row] = await db()
      .select()
      .from(teamInvitations)
      .where(and(eq(teamInvitations.id, invitation.id)));
    expect(row?.revokedAt).toBeNull();
  });
});
