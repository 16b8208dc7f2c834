import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { authSessions, customers, workspaces } from "@/db/schema";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/domain-error";
import { customerEmail } from "@/lib/people/customers";
import { plainTextInput } from "@/lib/plain-text";
import { queryText } from "@/lib/query-params";
import { startCustomerSession } from "./customer-session";

/**
 * Identity verification: a site with signed-in users tells the widget who its user is (an id, and
 * optionally an email and a name) with an HMAC-SHA256 of the id made with the workspace's identity
 * secret, which only the site's server and the workspace's admins know. A valid signature signs the
 * browser in as the customer with that id (`customers.external_id`), with no email round trip.
 *
 * The signature covers the id only, so the email and name are the site's word, unverified: the
 * email is never used to find a customer and never becomes a confirmed address (it is kept as
 * `pending_email`, which is matched against nobody), so a valid identity can never open another
 * customer's conversations, whatever address it claims.
 */

/** What a site passes to the widget for its signed-in user (public/widget.js's data-user-* attributes). */
export type SiteIdentity = { id: string; email?: string; name?: string; hash: string };

/** The hex HMAC-SHA256 of a site user's id, as the site's server computes it with the workspace's secret. */
export function identityHash(secret: string, userId: string): string {
  return createHmac("sha256", secret).update(userId).digest("hex");
}

const HASH = /^[0-9a-f]{64}$/i;

/** Whether `hash` is the identity hash of `userId` under `secret`, compared in constant time. */
function isValidIdentityHash(secret: string, userId: string, hash: string): boolean {
  if (!HASH.test(hash)) return false;
  return timingSafeEqual(Buffer.from(hash, "hex"), Buffer.from(identityHash(secret, userId), "hex"));
}

/**
 * The widget's entry address (app/chat/[slug]/widget/route.ts) carries the identity as query
 * parameters. Each is capped; a missing, repeated or over-long one reads as absent. Null unless
 * both an id and a hash are there.
 */
export const widgetIdentityQuery = z
  .object({
    user_id: queryText(200),
    user_email: queryText(254),
    user_name: queryText(200),
    user_hash: queryText(64),
  })
  .transform(({ user_id, user_email, user_name, user_hash }): SiteIdentity | null =>
    user_id && user_hash ? { id: user_id, email: user_email, name: user_name, hash: user_hash } : null,
  );

/** A name the site gives, as the team will see it; anything unusable becomes "Customer". */
const siteName = plainTextInput({ label: "a name", max: 80 });

/**
 * Signs a browser in from a site's identity: null if the signature is wrong (forged, made with
 * another workspace's secret or with a secret since rotated) or the customer is revoked. Otherwise
 * the customer with that id in this workspace, made on first sight, and a new session marked as
 * made from an identity, so that rotating the secret ends it. A browser already signed in as that
 * customer from an identity (`current`) keeps its session: `session` is then null.
 *
 * The workspace's row is read FOR SHARE, so a rotation waits for this sign-in to commit (and then
 * ends its session) or is seen by it (and the old signature fails): no session made with an old
 * secret outlives the rotation.
 */
export async function signInWithIdentity(
  db: Db,
  {
    workspaceId,
    identity,
    current = null,
    secret,
    now = new Date(),
  }: {
    workspaceId: string;
    identity: SiteIdentity;
    /** The browser's chat session in this workspace, if any. */
    current?: CustomerActor | null;
    /** Signs the session cookie (AUTH_SECRET), not the identity. */
    secret: string;
    now?: Date;
  },
): Promise<{ customerId: string; session: { token: string; seconds: number } | null } | null> {
  return db.transaction(async (tx) => {
    const [workspace] = await tx
      .select({ identitySecret: workspaces.identitySecret })
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId))
      .for("share");
    if (!workspace || !isValidIdentityHash(workspace.identitySecret, identity.id, identity.hash)) return null;

    const customer = await findOrCreateIdentityCustomer(tx, { workspaceId, identity, now });
    if (customer.revokedAt) return null;
    if (current?.viaIdentity && current.customerId === customer.id && current.workspaceId === workspaceId)
      return { customerId: customer.id, session: null };
    const { token, seconds } = await startCustomerSession(
      tx,
      { customerId: customer.id, workspaceId, viaIdentity: true },
      secret,
      now,
    );
    return { customerId: customer.id, session: { token, seconds } };
  });
}

/**
 * The workspace's customer with this external id. A new one gets the site's name and, as an
 * unconfirmed address only, its email. Two first sign-ins at once make one customer: the second
 * insert does nothing on the unique (workspace, external id), and both read the one row.
 */
async function findOrCreateIdentityCustomer(
  tx: Db,
  { workspaceId, identity, now }: { workspaceId: string; identity: SiteIdentity; now: Date },
) {
  const byExternalId = and(eq(customers.workspaceId, workspaceId), eq(customers.externalId, identity.id));
  const columns = { id: customers.id, revokedAt: customers.revokedAt };
  const [found] = await tx.select(columns).from(customers).where(byExternalId);
  if (found) return found;
  const name = siteName.safeParse(identity.name ?? "");
  const email = customerEmail.safeParse(identity.email ?? "");
  await tx
    .insert(customers)
    .values({
      workspaceId,
      externalId: identity.id,
      name: name.success ? name.data : "Customer",
      // Never `email`: only the id is signed (see the top of this file).
      email: null,
      pendingEmail: email.success ? email.data : null,
      createdAt: now,
    })
    .onConflictDoNothing({
      target: [customers.workspaceId, customers.externalId],
      where: sql`${customers.externalId} is not null`,
    });
  const [made] = await tx.select(columns).from(customers).where(byExternalId);
  if (!made) throw new Error("no customer after inserting it");
  return made;
}

const ADMINS_ONLY = "Only admins can see or change the identity verification secret.";

/** The workspace's identity secret, for its admins' Chat widget settings. */
export async function getIdentitySecret(db: Db, { actor }: { actor: TeamActor }): Promise<string> {
  requireAdmin(actor, ADMINS_ONLY);
  const [row] = await db
    .select({ identitySecret: workspaces.identitySecret })
    .from(workspaces)
    .where(eq(workspaces.id, actor.workspaceId));
  if (!row) throw new DomainError("workspace_not_found", "This workspace no longer exists.");
  return row.identitySecret;
}

/**
 * An admin replaces the identity secret (say it leaked): signatures made with the old one stop
 * working, and every live session made from one ends, in the same transaction. Returns the ended
 * sessions, whose live connections the caller closes once this has committed.
 */
export async function rotateIdentitySecret(
  db: Db,
  { actor, now = new Date() }: { actor: TeamActor; now?: Date },
): Promise<{ endedSessions: string[] }> {
  requireAdmin(actor, ADMINS_ONLY);
  return db.transaction(async (tx) => {
    const [rotated] = await tx
      .update(workspaces)
      .set({ identitySecret: randomBytes(32).toString("hex") })
      .where(eq(workspaces.id, actor.workspaceId))
      .returning({ id: workspaces.id });
    if (!rotated) throw new DomainError("workspace_not_found", "This workspace no longer exists.");
    const ended = await tx
      .update(authSessions)
      .set({ endedAt: now })
      .where(
        and(
          eq(authSessions.workspaceId, actor.workspaceId),
          eq(authSessions.viaIdentity, true),
          isNull(authSessions.endedAt),
        ),
      )
      .returning({ id: authSessions.id });
    return { endedSessions: ended.map((row) => row.id) };
  });
}

/**
 * The seeded demo customer whom /widget-demo/verified signs in (db/seed-demo.ts). Her address is
 * under .test, which no real mailbox has: a real workspace that happens to be called `acme` and has
 * a customer with this id is never signed in by the public demo page.
 */
const DEMO = { slug: "acme", externalId: "dana-1001", email: "dana@customer.test" };

/**
 * What the demo site puts in the widget's tag for Dana: her identity, signed with the demo
 * workspace's secret as a customer's server would, or (`forged`) with a key that is not it. Null
 * when there is no demo workspace or no Dana.
 */
export async function demoSiteIdentity(
  db: Db,
  { forged }: { forged: boolean },
): Promise<{ slug: string; identity: SiteIdentity & { name: string; email: string } } | null> {
  const [row] = await db
    .select({ secret: workspaces.identitySecret, name: customers.name })
    .from(customers)
    .innerJoin(workspaces, eq(workspaces.id, customers.workspaceId))
    .where(
      and(
        eq(workspaces.slug, DEMO.slug),
        eq(customers.externalId, DEMO.externalId),
        eq(customers.email, DEMO.email),
      ),
    );
  if (!row) return null;
  const key = forged ? randomBytes(32).toString("hex") : row.secret;
  return {
    slug: DEMO.slug,
    identity: {
      id: DEMO.externalId,
      email: DEMO.email,
      name: row.name,
      hash: identityHash(key, DEMO.externalId),
    },
  };
}
