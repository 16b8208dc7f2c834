import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { teamInvitations, teamSignInTokens, users, workspaces } from "@/db/schema";
import type { TeamActor } from "@/lib/auth/actor";
import { hashLinkToken, newLinkToken } from "@/lib/auth/link-tokens";
import { hashPassword } from "@/lib/auth/password";
import { requireAdmin } from "@/lib/auth/permissions";
import { DomainError, isUniqueViolation } from "@/lib/domain-error";
import { queueEmails } from "@/lib/email/mailer";
import { teamInvitationEmail } from "@/lib/email/templates/team-invitation";
import { customerEmail } from "@/lib/people/customers";
import { plainTextInput } from "@/lib/plain-text";
import { newMemberSettings } from "@/lib/team/new-member";
import { isUuid } from "@/lib/uuid";
import { lockTeamAsAdmin } from "./admin-lock";
import type { TeamRole } from "./roles";

/** An invitation's link works once, for this long: time to come back from a week away. */
export const INVITATION_DAYS = 7;
/** A workspace has tens of pending invitations at most; the page lists this many. */
const PENDING_LIST_LIMIT = 200;

export const inviteInput = z.object({
  email: customerEmail,
  role: z.enum(["admin", "member"], { error: "Choose admin or member." }),
});

export const acceptInvitationInput = z.object({
  name: plainTextInput({ label: "your name", max: 80 }),
  password: z.string().min(10, "Use at least 10 characters for your password.").max(200),
});

export type PendingInvitation = {
  id: string;
  email: string;
  role: TeamRole;
  expiresAt: Date;
  /** Past its time: the link no longer works, and sending again makes one that does. */
  expired: boolean;
};

const ONLY_ADMINS = "Only admins can invite people to the team.";

/**
 * An admin invites an address to the team, as an admin or a member: a single-use link, valid for
 * INVITATION_DAYS, is emailed (only its hash is kept). An address that already has a team account,
 * in this workspace or another, is refused: sign-in is by email, so an address is one account. An
 * address already invited here gets a new link in place of the old one. Returns the invitation and
 * the queued email's batches, to send after the response.
 */
export async function inviteMember(
  db: Db,
  {
    actor,
    email: rawEmail,
    role,
    appUrl,
    now = new Date(),
  }: { actor: TeamActor; email: string; role: TeamRole; appUrl: string; now?: Date },
) {
  requireAdmin(actor, ONLY_ADMINS);
  const parsed = customerEmail.safeParse(rawEmail);
  if (!parsed.success)
    throw new DomainError("invalid_email", parsed.error.issues[0]?.message ?? "Enter a valid email address.");
  const email = parsed.data;
  return db.transaction(async (tx) => {
    await lockTeamAsAdmin(tx, actor, ONLY_ADMINS);
    await refuseTakenAddress(tx, email);
    await tx
      .update(teamInvitations)
      .set({ revokedAt: now })
      .where(
        and(eq(teamInvitations.workspaceId, actor.workspaceId), eq(teamInvitations.email, email), pending()),
      );
    return issue(tx, { actor, email, role, appUrl, now });
  });
}

/** Sends a pending invitation again: a new link, valid for another INVITATION_DAYS, and the old link stops working. */
export async function resendInvitation(
  db: Db,
  {
    actor,
    invitationId,
    appUrl,
    now = new Date(),
  }: { actor: TeamActor; invitationId: string; appUrl: string; now?: Date },
) {
  requireAdmin(actor, ONLY_ADMINS);
  if (!isUuid(invitationId)) throw invitationNotFound();
  return db.transaction(async (tx) => {
    await lockTeamAsAdmin(tx, actor, ONLY_ADMINS);
    const [old] = await tx
      .update(teamInvitations)
      .set({ revokedAt: now })
      .where(and(ofWorkspace(actor, invitationId), pending()))
      .returning({ email: teamInvitations.email, role: teamInvitations.role });
    if (!old) throw invitationNotFound();
    await refuseTakenAddress(tx, old.email);
    return issue(tx, { actor, email: old.email, role: old.role, appUrl, now });
  });
}

/** Withdraws a pending invitation: its link then opens a page saying so. */
export async function revokeInvitation(
  db: Db,
  { actor, invitationId, now = new Date() }: { actor: TeamActor; invitationId: string; now?: Date },
) {
  requireAdmin(actor, ONLY_ADMINS);
  if (!isUuid(invitationId)) throw invitationNotFound();
  await db.transaction(async (tx) => {
    await lockTeamAsAdmin(tx, actor, ONLY_ADMINS);
    const [revoked] = await tx
      .update(teamInvitations)
      .set({ revokedAt: now })
      .where(and(ofWorkspace(actor, invitationId), pending()))
      .returning({ id: teamInvitations.id });
    if (!revoked) throw invitationNotFound();
  });
}

/** The admin's list of invitations not yet accepted or revoked, newest first, expired ones marked. */
export async function listPendingInvitations(
  db: Db,
  { actor, now = new Date() }: { actor: TeamActor; now?: Date },
): Promise<PendingInvitation[]> {
  requireAdmin(actor, "Only admins can see the team's invitations.");
  const rows = await db
    .select({
      id: teamInvitations.id,
      email: teamInvitations.email,
      role: teamInvitations.role,
      expiresAt: teamInvitations.expiresAt,
    })
    .from(teamInvitations)
    .where(and(eq(teamInvitations.workspaceId, actor.workspaceId), pending()))
    .orderBy(desc(teamInvitations.createdAt), desc(teamInvitations.id))
    .limit(PENDING_LIST_LIMIT);
  return rows.map((row) => ({ ...row, expired: row.expiresAt <= now }));
}

/** What an invitation link's page shows: the invitation, or why its link does not work. */
export type InvitationLinkState =
  | { state: "open"; email: string; role: TeamRole; workspaceName: string }
  | { state: "expired" | "used" | "revoked" | "taken" | "unknown" };

/** Reads an invitation link without using it (opening a link uses nothing; the page's button does). */
export async function peekInvitation(
  db: Db,
  { token, now = new Date() }: { token: string; now?: Date },
): Promise<InvitationLinkState> {
  const [row] = await db
    .select({
      email: teamInvitations.email,
      role: teamInvitations.role,
      expiresAt: teamInvitations.expiresAt,
      acceptedAt: teamInvitations.acceptedAt,
      revokedAt: teamInvitations.revokedAt,
      workspaceName: workspaces.name,
    })
    .from(teamInvitations)
    .innerJoin(workspaces, eq(workspaces.id, teamInvitations.workspaceId))
    .where(eq(teamInvitations.tokenHash, hashLinkToken(token)));
  if (!row) return { state: "unknown" };
  if (row.acceptedAt) return { state: "used" };
  if (row.revokedAt) return { state: "revoked" };
  if (row.expiresAt <= now) return { state: "expired" };
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.email, row.email));
  if (taken) return { state: "taken" };
  return { state: "open", email: row.email, role: row.role, workspaceName: row.workspaceName };
}

/** Why a link does not work, in the words its page and its button use. */
export const INVITATION_LINK_PROBLEMS: Record<Exclude<InvitationLinkState["state"], "open">, string> = {
  expired: "This invitation has expired. Ask the admin who invited you to send it again.",
  used: "This invitation was already accepted. Sign in instead.",
  revoked:
    "This invitation was withdrawn, or replaced by a newer one. Use the latest invitation email, or ask the admin who invited you.",
  taken: "This address already has a team account. Sign in instead.",
  unknown:
    "This invitation link does not work. Check that you copied all of it, or ask for a new invitation.",
};

/**
 * The invitee uses the link: once, before it expires, unless revoked. Creates their account in the
 * invitation's workspace, with the role it names, the name and password they chose, and the address
 * verified (the link reached it), in one transaction; returns a fresh single-use sign-in token for
 * the new account, which the caller hands to Auth.js to start the session.
 */
export async function acceptInvitation(
  db: Db,
  { token, name, password, now = new Date() }: { token: string; name: string; password: string; now?: Date },
) {
  const passwordHash = await hashPassword(password);
  try {
    return await db.transaction(async (tx) => {
      const [invitation] = await tx
        .update(teamInvitations)
        .set({ acceptedAt: now })
        .where(
          and(
            eq(teamInvitations.tokenHash, hashLinkToken(token)),
            pending(),
            gt(teamInvitations.expiresAt, now),
          ),
        )
        .returning();
      if (!invitation) {
        const { state } = await peekInvitation(tx, { token, now });
        throw new DomainError(
          "invitation_link_invalid",
          INVITATION_LINK_PROBLEMS[state === "open" ? "unknown" : state],
        );
      }
      const [user] = await tx
        .insert(users)
        .values({
          ...(await newMemberSettings(tx, invitation.workspaceId)),
          workspaceId: invitation.workspaceId,
          name,
          email: invitation.email,
          emailVerified: now,
          role: invitation.role,
          passwordHash,
        })
        .returning({ id: users.id });
      if (!user) throw new Error("insert returned no user");
      const signIn = newLinkToken();
      await tx.insert(teamSignInTokens).values({
        email: invitation.email,
        tokenHash: signIn.tokenHash,
        expiresAt: new Date(now.getTime() + 60_000),
        createdAt: now,
      });
      return { userId: user.id, workspaceId: invitation.workspaceId, signInToken: signIn.token };
    });
  } catch (error) {
    // The address got an account meanwhile (another workspace's invitation, or a sign-up).
    if (isUniqueViolation(error)) throw new DomainError("email_taken", INVITATION_LINK_PROBLEMS.taken);
    throw error;
  }
}

/** Writes a new invitation and queues its email, in the caller's transaction. */
async function issue(
  tx: Db,
  {
    actor,
    email,
    role,
    appUrl,
    now,
  }: { actor: TeamActor; email: string; role: TeamRole; appUrl: string; now: Date },
) {
  const { token, tokenHash } = newLinkToken();
  const [workspace] = await tx
    .select({ name: workspaces.name })
    .from(workspaces)
    .where(eq(workspaces.id, actor.workspaceId));
  const [invitation] = await tx
    .insert(teamInvitations)
    .values({
      workspaceId: actor.workspaceId,
      email,
      role,
      tokenHash,
      invitedByUserId: actor.userId,
      expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
      createdAt: now,
    })
    .returning({
      id: teamInvitations.id,
      email: teamInvitations.email,
      role: teamInvitations.role,
      expiresAt: teamInvitations.expiresAt,
    });
  if (!invitation) throw new Error("insert returned no invitation");
  const url = new URL("/invite", appUrl);
  url.searchParams.set("token", token);
  const content = await teamInvitationEmail({
    url: url.toString(),
    workspaceName: workspace?.name ?? "",
    inviterName: actor.name,
  });
  // Workspace mail to an address it may never have written to: it counts against the quota of new addresses.
  const { batchIds } = await queueEmails(
    tx,
    [{ to: email, workspaceId: actor.workspaceId, ...content }],
    now,
  );
  return { invitation: { ...invitation, expired: false } satisfies PendingInvitation, batchIds };
}

async function refuseTakenAddress(tx: Db, email: string) {
  const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (taken)
    throw new DomainError(
      "email_taken",
      `${email} already has a team account. An address can belong to one team only.`,
    );
}

const pending = () => and(isNull(teamInvitations.acceptedAt), isNull(teamInvitations.revokedAt));

const ofWorkspace = (actor: TeamActor, invitationId: string) =>
  and(eq(teamInvitations.id, invitationId), eq(teamInvitations.workspaceId, actor.workspaceId));

const invitationNotFound = () =>
  new DomainError(
    "invitation_not_found",
    "There is no such pending invitation in this workspace. It may have been accepted or revoked already.",
  );
