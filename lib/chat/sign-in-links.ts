import { and, eq, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customerSignInTokens, customers, workspaceEmailRecipients } from "@/db/schema";
import {
  hashLinkToken,
  LINK_MINUTES,
  newLinkToken,
  SIGN_IN_LINKS_PER_ADDRESS,
  SIGN_IN_LINKS_PER_CLIENT,
} from "@/lib/auth/link-tokens";
import { DomainError } from "@/lib/domain-error";
import { queueEmails } from "@/lib/email/mailer";
import { signInLinkEmail } from "@/lib/email/templates/sign-in-link";
import { customerEmail, nameFromEmail } from "@/lib/people/customers";
import { hitRateLimit } from "@/lib/rate-limit";
import { confirmVisitorEmail, inConfirmTransaction } from "./visitor-email";

/**
 * Emails a single-use sign-in link for the chat page. Every valid address gets the same answer and
 * the same work, known or not, so the answer reveals nothing; the customer is created only when the
 * link is used. Only the token's hash is stored. The email is queued, not sent: the caller sends it
 * after the response. Limits: per address (shared with team links) and per client address.
 */
export async function requestCustomerSignInLink(
  db: Db,
  {
    workspace,
    email: input,
    clientAddress,
    appUrl,
    now = new Date(),
  }: {
    workspace: { id: string; slug: string; name: string };
    email: string;
    /** Null when unknown (no trusted proxy): then only the per-address limit applies. */
    clientAddress: string | null;
    appUrl: string;
    now?: Date;
  },
) {
  const parsed = customerEmail.safeParse(input);
  if (!parsed.success)
    throw new DomainError("invalid_email", parsed.error.issues[0]?.message ?? "Enter a valid email address.");
  const email = parsed.data;
  if (clientAddress) await hitRateLimit(db, SIGN_IN_LINKS_PER_CLIENT, clientAddress, now);
  await hitRateLimit(db, SIGN_IN_LINKS_PER_ADDRESS, `customer:${workspace.id}:${email}`, now);

  const { token, tokenHash } = newLinkToken();
  await db.transaction(async (tx) => {
    // Links long past use are no record worth keeping.
    await tx
      .delete(customerSignInTokens)
      .where(
        and(
          eq(customerSignInTokens.workspaceId, workspace.id),
          lt(customerSignInTokens.createdAt, new Date(now.getTime() - 24 * 60 * 60_000)),
        ),
      );
    await tx.insert(customerSignInTokens).values({
      workspaceId: workspace.id,
      email,
      tokenHash,
      expiresAt: new Date(now.getTime() + LINK_MINUTES * 60_000),
      createdAt: now,
    });
  });

  const url = new URL(`/chat/${workspace.slug}/sign-in`, appUrl);
  url.searchParams.set("token", token);
  return queueEmails(
    db,
    [
      {
        to: email,
        workspaceId: workspace.id,
        fromName: workspace.name,
        // Asked for by its recipient: never held back by the workspace's quota of new addresses.
        requestedByRecipient: true,
        ...(await signInLinkEmail({ url: url.toString(), workspaceName: workspace.name })),
      },
    ],
    now,
  );
}

/**
 * Whether a sign-in link can still be used, without using it (the page shows it before the click),
 * and whether it confirms a visitor's address (the button says so).
 */
export async function peekCustomerSignInLink(
  db: Db,
  {
    workspaceId,
    token,
    browserCustomerId = null,
    now = new Date(),
  }: { workspaceId: string; token: string; browserCustomerId?: string | null; now?: Date },
) {
  const [row] = await db
    .select({ email: customerSignInTokens.email, visitorId: customerSignInTokens.visitorCustomerId })
    .from(customerSignInTokens)
    .where(usable(workspaceId, token, now));
  // As consumeCustomerSignInLink decides: a confirmation in the visitor's own browser only.
  return row
    ? { email: row.email, confirmsVisitor: row.visitorId !== null && row.visitorId === browserCustomerId }
    : null;
}

/**
 * Uses a sign-in link: once, before it expires, in its own workspace. Returns the customer it
 * signs in, created on first use, and the sessions it ended (a visitor's, when the link confirms
 * the address they gave: lib/chat/visitor-email.ts). Anything else is one typed error that does
 * not say which.
 */
export async function consumeCustomerSignInLink(
  db: Db,
  {
    workspaceId,
    token,
    browserCustomerId = null,
    now = new Date(),
  }: {
    workspaceId: string;
    token: string;
    /** Whom the browser using the link is signed in as here: a visitor's link confirms only in theirs. */
    browserCustomerId?: string | null;
    now?: Date;
  },
): Promise<{ customerId: string; endedSessions: string[] }> {
  return inConfirmTransaction(db, async (tx) => {
    const [used] = await tx
      .update(customerSignInTokens)
      .set({ usedAt: now })
      .where(usable(workspaceId, token, now))
      .returning({ email: customerSignInTokens.email, visitorId: customerSignInTokens.visitorCustomerId });
    if (!used)
      throw new DomainError(
        "sign_in_link_invalid",
        "This sign-in link has expired or was already used. Ask for a new one below.",
      );
    // Only in the browser of the visitor who asked: whoever else opens it (the address's owner,
    // who never wrote) proves the address is theirs and nothing about the visitor, so it signs
    // them in by it as any link does, and the visitor stays as they were.
    const confirmed =
      used.visitorId !== null &&
      used.visitorId === browserCustomerId &&
      (await confirmVisitorEmail(tx, { workspaceId, visitorId: used.visitorId, email: used.email, now }));
    if (!confirmed)
      await tx
        .insert(customers)
        .values({ workspaceId, email: used.email, name: nameFromEmail(used.email) })
        .onConflictDoNothing({ target: [customers.workspaceId, customers.email] });
    const [customer] = await tx
      .select({ id: customers.id, revokedAt: customers.revokedAt })
      .from(customers)
      .where(and(eq(customers.workspaceId, workspaceId), eq(customers.email, used.email)));
    if (!customer) throw new Error("customer missing after insert");
    // A revoked customer may not come back through a link.
    if (customer.revokedAt)
      throw new DomainError("forbidden", "This address can no longer sign in here. Contact the team.");
    // Its owner has shown the address is theirs: mail to it no longer counts as mail to a stranger.
    await tx
      .insert(workspaceEmailRecipients)
      .values({ workspaceId, email: used.email, firstEmailedAt: now })
      .onConflictDoNothing();
    return { customerId: customer.id, endedSessions: confirmed ? confirmed.endedSessions : [] };
  });
}

function usable(workspaceId: string, token: string, now: Date) {
  return and(
    eq(customerSignInTokens.tokenHash, hashLinkToken(token)),
    eq(customerSignInTokens.workspaceId, workspaceId),
    isNull(customerSignInTokens.usedAt),
    sql`${customerSignInTokens.expiresAt} > ${now}`,
  );
}
