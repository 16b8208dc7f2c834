import { createHmac, timingSafeEqual } from "node:crypto";
import { base32crockford } from "@scure/base";
import { keyFor } from "@/lib/chat/signed-token";
import { bareAddress } from "@/lib/email/address";
import { formatUuid } from "@/lib/uuid";

/**
 * The address a notification email's Reply-To names: `reply+<token>@<INBOUND_EMAIL_DOMAIN>`. The
 * token is signed, and names one participant row: one person in one thread. So it works for that
 * thread and that person only, and stops working when they leave the thread (the row goes). It
 * packs the row's id, the day it was issued and a 80-bit HMAC into 28 bytes, 45 characters of
 * Crockford base32, case-insensitive (a mail server may change the case of an address): 51
 * characters of local part, within the 64 an address may have.
 */
const LOCAL_PREFIX = "reply+";
const ID_BYTES = 16;
const DAY_BYTES = 2;
const MAC_BYTES = 10;

/** How long a reply address takes replies: after that, a reply gets a polite answer instead. */
export const REPLY_ADDRESS_DAYS = 90;

const DAY_MS = 86_400_000;
// Days are counted from here, so that two bytes last for 179 years.
const EPOCH_MS = Date.UTC(2026, 0, 1);

function mac(signed: Uint8Array, secret: string) {
  return createHmac("sha256", keyFor("reply-address", secret)).update(signed).digest().subarray(0, MAC_BYTES);
}

export function replyToken(participantId: string, secret: string, now = new Date()) {
  const signed = Buffer.alloc(ID_BYTES + DAY_BYTES);
  Buffer.from(participantId.replaceAll("-", ""), "hex").copy(signed);
  signed.writeUInt16BE(Math.max(0, Math.floor((now.getTime() - EPOCH_MS) / DAY_MS)), ID_BYTES);
  return base32crockford.encode(Buffer.concat([signed, mac(signed, secret)])).toLowerCase();
}

export function replyAddress(
  participantId: string,
  { domain, secret }: { domain: string; secret: string },
  now = new Date(),
) {
  return `${LOCAL_PREFIX}${replyToken(participantId, secret, now)}@${domain}`;
}

/** What a token says once its signature holds: whose it is, and whether it is past its time. */
export type ReplyToken = { participantId: string; expired: boolean };

/** The participant a genuine token names; null for a forged, altered or cut one. */
export function readReplyToken(token: string, secret: string, now = new Date()): ReplyToken | null {
  let bytes: Uint8Array;
  try {
    bytes = base32crockford.decode(token.toUpperCase());
  } catch {
    return null;
  }
  if (bytes.length !== ID_BYTES + DAY_BYTES + MAC_BYTES) return null;
  const signed = Buffer.from(bytes.subarray(0, ID_BYTES + DAY_BYTES));
  if (!timingSafeEqual(Buffer.from(bytes.subarray(ID_BYTES + DAY_BYTES)), mac(signed, secret))) return null;
  const issuedAt = EPOCH_MS + signed.readUInt16BE(ID_BYTES) * DAY_MS;
  return {
    participantId: formatUuid(signed.subarray(0, ID_BYTES).toString("hex")),
    expired: now.getTime() - issuedAt > REPLY_ADDRESS_DAYS * DAY_MS,
  };
}

/**
 * The token of the first of `addresses` that is a reply address at `domain` (To, then Cc: a reply
 * may put it in either). Addresses may come with a display name ("Acme <reply+…@…>").
 */
export function tokenInRecipients(addresses: string[], domain: string): string | null {
  const wanted = new RegExp(`^${escapeRegExp(LOCAL_PREFIX)}([0-9a-z]+)@${escapeRegExp(domain)}$`, "i");
  for (const address of addresses) {
    const match = wanted.exec(bareAddress(address));
    if (match?.[1]) return match[1];
  }
  return null;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
