import type { Db } from "@/db/client";
import { DomainError } from "@/lib/domain-error";
import { checkRateLimit, hitRateLimit, type RateLimit, refundRateLimitHit } from "@/lib/rate-limit";
import { verifyCredentials } from "./team-members";

/**
 * Failed password sign-ins, counted per account and per client address. A person who mistypes
 * never meets them; a script guessing one account's password, or trying one password on many
 * accounts from one address, does. Only failures count, so signing in right never locks anyone out.
 */
export const PASSWORD_FAILURES_PER_ACCOUNT: RateLimit = {
  name: "password-account",
  max: 10,
  windowSeconds: 15 * 60,
  message: "Too many failed sign-ins for this account.",
};
export const PASSWORD_FAILURES_PER_ADDRESS: RateLimit = {
  name: "password-address",
  max: 50,
  windowSeconds: 15 * 60,
  message: "Too many failed sign-ins from your network.",
};

type Attempt = { email: string; clientAddress: string | null; now?: Date };

/** The limits this attempt counts against: the account's always, the client's when it is known. */
const limitsOf = ({ email, clientAddress }: Attempt): [RateLimit, string][] => [
  [PASSWORD_FAILURES_PER_ACCOUNT, email.trim().toLowerCase()],
  ...(clientAddress ? [[PASSWORD_FAILURES_PER_ADDRESS, clientAddress] as [RateLimit, string]] : []),
];

/**
 * Throws `rate_limited` (with the wait) when a limit is already reached, counting nothing: the
 * early answer of the form and of Auth.js's endpoint. The count itself is verifyPasswordSignIn's.
 */
export async function assertPasswordSignInAllowed(db: Db, attempt: Attempt) {
  for (const [limit, subject] of limitsOf(attempt)) await checkRateLimit(db, limit, subject, attempt.now);
}

/**
 * A password sign-in: the user, null for a wrong email or password (the same answer for both), or
 * "rate_limited" when the limits say to stop. Each attempt is counted before the password is
 * checked, in one atomic step, so a burst of parallel guesses cannot all slip under the limit;
 * a right password then takes its count back.
 */
export async function verifyPasswordSignIn(db: Db, attempt: Attempt & { password: string }) {
  const counted: [RateLimit, string][] = [];
  try {
    for (const [limit, subject] of limitsOf(attempt)) {
      counted.push([limit, subject]);
      await hitRateLimit(db, limit, subject, attempt.now);
    }
  } catch (error) {
    if (!(error instanceof DomainError && error.code === "rate_limited")) throw error;
    // Refused before any password was tried: it costs the other limits nothing.
    for (const [limit, subject] of counted.slice(0, -1))
      await refundRateLimitHit(db, limit, subject, attempt.now);
    return "rate_limited" as const;
  }
  const user = await verifyCredentials(db, attempt);
  if (user) for (const [limit, subject] of counted) await refundRateLimitHit(db, limit, subject, attempt.now);
  return user;
}
