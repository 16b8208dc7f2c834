import { and, eq, gt, isNull, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { teamSignInTokens } from "@/db/schema";
import { DomainError } from "@/lib/domain-error";
import { queueEmails } from "@/lib/email/mailer";
import { noAccountEmail } from "@/lib/email/templates/no-account";
import { signInLinkEmail } from "@/lib/email/templates/sign-in-link";
import { customerEmail } from "@/lib/people/customers";
import { hitRateLimit } from "@/lib/rate-limit";
import {
  hashLinkToken,
  LINK_MINUTES,
  newLinkToken,
  SIGN_IN_LINKS_PER_ADDRESS,
  SIGN_IN_LINKS_PER_CLIENT,
} from "./link-tokens";
import { findActiveUserByEmail } from "./team-members";

/**
 * Asks for a team sign-in link. A known, active member gets the link; any other address gets a
 * note that no account uses it. Both branches store a token and queue one email, and nothing is
 * sent during the request (the caller sends after its response), so neither the answer nor its
 * timing tells whether the address has an account. Returns the queued batch, to send soon.
 */
export async function requestTeamSignInLink(
  db: Db,
  {
    email: input,
    clientAddress,
    appUrl,
    now = new Date(),
  }: { email: string; clientAddress: string | null; appUrl: string; now?: Date },
) {
  const parsed = customerEmail.safeParse(input);
  if (!parsed.success)
    throw new DomainError("invalid_email", parsed.error.issues[0]?.message ?? "Enter a valid email address.");
  const email = parsed.data;
  if (clientAddress) await hitRateLimit(db, SIGN_IN_LINKS_PER_CLIENT, clientAddress, now);
  await hitRateLimit(db, SIGN_IN_LINKS_PER_ADDRESS, `team:${email}`, now);

  const user = await findActiveUserByEmail(db, email);
  const { token, tokenHash } = newLinkToken();
  const url = new URL("/login/link", appUrl);
  url.searchParams.set("token", token);
  // Both are written whoever asks, so the time taken does not tell a known address from another.
  const [signIn, noAccount] = await Promise.all([
    signInLinkEmail({ url: url.toString(), workspaceName: user?.workspaceName ?? "" }),
    noAccountEmail({ signUpUrl: new URL("/signup", appUrl).toString() }),
  ]);
  const content = user ? signIn : noAccount;

  await db.transaction(async (tx) => {
    // Links long past use are no record worth keeping.
    await tx
      .delete(teamSignInTokens)
      .where(lt(teamSignInTokens.createdAt, new Date(now.getTime() - 86_400_000)));
    await tx.insert(teamSignInTokens).values({
      email,
      tokenHash,
      expiresAt: new Date(now.getTime() + LINK_MINUTES * 60_000),
      createdAt: now,
    });
  });
  const { batchIds } = await queueEmails(
    db,
    [
      {
        to: email,
        // Asked for by its recipient: never held back by the workspace's quota of new addresses.
        ...(user && { privateToUserId: user.id, workspaceId: user.workspaceId, requestedByRecipient: true }),
        ...content,
      },
    ],
    now,
  );
  return { batchIds };
}

/** Who a link would sign in, without using it: the page shows it before the click. Null if unusable. */
export async function peekTeamSignInLink(db: Db, { token, now = new Date() }: { token: string; now?: Date }) {
  const [row] = await db
    .select({ email: teamSignInTokens.email })
    .from(teamSignInTokens)
    .where(usable(token, now));
  const user = row && (await findActiveUserByEmail(db, row.email));
  return user
    ? { userId: user.id, name: user.name, email: user.email, workspaceName: user.workspaceName }
    : null;
}

/**
 * Uses a link: once, before it expires, for an active member. Returns the user to sign in, or null
 * (Auth.js's "wrong credentials") for anything else, without saying which.
 */
export async function consumeTeamSignInLink(
  db: Db,
  { token, now = new Date() }: { token: string; now?: Date },
) {
  const [used] = await db
    .update(teamSignInTokens)
    .set({ usedAt: now })
    .where(usable(token, now))
    .returning({ email: teamSignInTokens.email });
  const user = used && (await findActiveUserByEmail(db, used.email));
  return user ? { id: user.id, name: user.name, email: user.email, workspaceId: user.workspaceId } : null;
}

function usable(token: string, now: Date) {
  return and(
    eq(teamSignInTokens.tokenHash, hashLinkToken(token)),
    isNull(teamSignInTokens.usedAt),
    gt(teamSignInTokens.expiresAt, now),
  );
}
