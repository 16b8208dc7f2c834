import type { Db } from "@/db/client";
import { DomainError } from "@/lib/domain-error";
import { checkRateLimit, countRateLimitHit, type RateLimit } from "@/lib/rate-limit";
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

/** Throws `rate_limited` (with the wait) when either count is at its limit, before any password is checked. */
export async function assertPasswordSignInAllowed(
  db: Db,
  { email, clientAddress, now }: { email: string; clientAddress: string; now?: Date },
) {
  await checkRateLimit(db, PASSWORD_FAILURES_PER_ACCOUNT, email.trim().toLowerCase(), now);
  await checkRateLimit(db, PASSWORD_FAILURES_PER_ADDRESS, clientAddress, now);
}

/**
 * A password sign-in: the user, null for a wrong email or password (the same answer for both), or
 * "rate_limited" when the limits say to stop. A failure counts against both limits.
 */
export async function verifyPasswordSignIn(
  db: Db,
  {
    email,
    password,
    clientAddress,
    now,
  }: { email: string; password: string; clientAddress: string; now?: Date },
) {
  try {
    await assertPasswordSignInAllowed(db, { email, clientAddress, now });
  } catch (error) {
    if (error instanceof DomainError && error.code === "rate_limited") return "rate_limited" as const;
    throw error;
  }
  const user = await verifyCredentials(db, { email, password });
  if (!user) {
    await countRateLimitHit(db, PASSWORD_FAILURES_PER_ACCOUNT, email.trim().toLowerCase(), now);
    await countRateLimitHit(db, PASSWORD_FAILURES_PER_ADDRESS, clientAddress, now);
  }
  return user;
}
