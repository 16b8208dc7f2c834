import { createHash, randomBytes } from "node:crypto";
import { and, count, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customerSignInTokens, customers } from "@/db/schema";
import { DomainError } from "@/lib/domain-error";
import { sendEmailNow } from "@/lib/email/mailer";
import { signInLinkEmail } from "@/lib/email/templates/sign-in-link";
import { customerEmail, nameFromEmail } from "@/lib/people/customers";

export const SIGN_IN_LINK_MINUTES = 30;
/**
 * Within 15 minutes, at most 5 links to one address and 500 for a whole workspace; requests past
 * either send nothing (and get the same answer), so the form cannot be used to flood inboxes.
 */
const MAX_LINKS_PER_ADDRESS = 5;
const MAX_LINKS_PER_WORKSPACE = 500;
const WINDOW_MINUTES = 15;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Emails a single-use sign-in link for the chat page. Every valid address gets the same answer and
 * the same work, known or not, so the answer reveals nothing; the customer is created only when the
 * link is used. Only the token's hash is stored.
 */
export async function requestCustomerSignInLink(
  db: Db,
  {
    workspace,
    email: input,
    appUrl,
    now = new Date(),
  }: { workspace: { id: string; slug: string; name: string }; email: string; appUrl: string; now?: Date },
): Promise<void> {
  const parsed = customerEmail.safeParse(input);
  if (!parsed.success)
    throw new DomainError("invalid_email", parsed.error.issues[0]?.message ?? "Enter a valid email address.");
  const email = parsed.data;

  const token = randomBytes(32).toString("base64url");
  const since = new Date(now.getTime() - WINDOW_MINUTES * 60_000);
  const issued = await db.transaction(async (tx) => {
    // One request at a time per workspace, so parallel requests cannot slip past the limits.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sign-in-links:${workspace.id}`}))`);
    const [recent] = await tx
      .select({
        forAddress: sql<number>`count(*) filter (where ${customerSignInTokens.email} = ${email})::int`,
        forWorkspace: count(),
      })
      .from(customerSignInTokens)
      .where(
        and(eq(customerSignInTokens.workspaceId, workspace.id), gt(customerSignInTokens.createdAt, since)),
      );
    if (
      (recent?.forAddress ?? 0) >= MAX_LINKS_PER_ADDRESS ||
      (recent?.forWorkspace ?? 0) >= MAX_LINKS_PER_WORKSPACE
    )
      return false;
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
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000),
      createdAt: now,
    });
    return true;
  });
  if (!issued) return;

  const url = new URL(`/chat/${workspace.slug}/sign-in`, appUrl);
  url.searchParams.set("token", token);
  await sendEmailNow(db, {
    to: email,
    workspaceId: workspace.id,
    fromName: workspace.name,
    ...(await signInLinkEmail({ url: url.toString(), workspaceName: workspace.name })),
  });
}

/** Whether a sign-in link can still be used, without using it (the page shows it before the click). */
export async function peekCustomerSignInLink(
  db: Db,
  { workspaceId, token, now = new Date() }: { workspaceId: string; token: string; now?: Date },
) {
  const [row] = await db
    .select({ email: customerSignInTokens.email })
    .from(customerSignInTokens)
    .where(usable(workspaceId, token, now));
  return row ?? null;
}

/**
 * Uses a sign-in link: once, before it expires, in its own workspace. Returns the customer it
 * signs in, created on first use. Anything else is one typed error that does not say which.
 */
export async function consumeCustomerSignInLink(
  db: Db,
  { workspaceId, token, now = new Date() }: { workspaceId: string; token: string; now?: Date },
) {
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(customerSignInTokens)
      .set({ usedAt: now })
      .where(usable(workspaceId, token, now))
      .returning({ email: customerSignInTokens.email });
    if (!used)
      throw new DomainError(
        "sign_in_link_invalid",
        "This sign-in link has expired or was already used. Ask for a new one below.",
      );
    await tx
      .insert(customers)
      .values({ workspaceId, email: used.email, name: nameFromEmail(used.email) })
      .onConflictDoNothing({ target: [customers.workspaceId, customers.email] });
    const [customer] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.workspaceId, workspaceId), eq(customers.email, used.email)));
    if (!customer) throw new Error("customer missing after insert");
    return { customerId: customer.id };
  });
}

function usable(workspaceId: string, token: string, now: Date) {
  return and(
    eq(customerSignInTokens.tokenHash, hashToken(token)),
    eq(customerSignInTokens.workspaceId, workspaceId),
    isNull(customerSignInTokens.usedAt),
    sql`${customerSignInTokens.expiresAt} > ${now}`,
  );
}
