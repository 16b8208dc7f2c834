import { createHash, randomBytes } from "node:crypto";
import type { RateLimit } from "@/lib/rate-limit";

/** A single-use link token: 256 random bits for the email, and the SHA-256 hash that is stored. */
export function newLinkToken() {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashLinkToken(token) };
}

export const hashLinkToken = (token: string) => createHash("sha256").update(token).digest("hex");

export const LINK_MINUTES = 30;

/**
 * Sign-in links one email address may ask for, team or customer: enough for someone who cannot
 * find the first email, too few to flood an inbox. Past it, the form says how long to wait; the
 * answer is the same for a known and an unknown address.
 */
export const SIGN_IN_LINKS_PER_ADDRESS: RateLimit = {
  name: "sign-in-links",
  max: 5,
  windowSeconds: 15 * 60,
  message: "Too many sign-in links asked for this address.",
};

/** And from one client address, across email addresses: generous, as one office's NAT is one address. */
export const SIGN_IN_LINKS_PER_CLIENT: RateLimit = {
  name: "sign-in-links-client",
  max: 100,
  windowSeconds: 15 * 60,
  message: "Too many sign-in links asked from your network.",
};
