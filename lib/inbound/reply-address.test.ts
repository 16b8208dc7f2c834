import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bareAddress } from "@/lib/email/address";
import {
  REPLY_ADDRESS_DAYS,
  readReplyToken,
  replyAddress,
  replyToken,
  tokenInRecipients,
} from "./reply-address";

const SECRET = "reply-address-test-secret-of-32-characters";
const DOMAIN = "reply.acme.test";
const DAY = 86_400_000;

describe("reply addresses", () => {
  it("name one participant, fit an address field, and read back whatever case a server gives them", () => {
    const participantId = randomUUID();
    const address = replyAddress(participantId, { domain: DOMAIN, secret: SECRET });
    const local = address.split("@")[0] ?? "";
    expect(address).toMatch(/^reply\+[0-9a-z]{45}@reply\.acme\.test$/);
    expect(local.length).toBeLessThanOrEqual(64);
    const token = tokenInRecipients([address], DOMAIN) ?? "";
    expect(readReplyToken(token, SECRET)).toEqual({ participantId, expired: false });
    expect(readReplyToken(token.toUpperCase(), SECRET)).toEqual({ participantId, expired: false });
    expect(tokenInRecipients([`"Acme Support" <${address.toUpperCase()}>`], DOMAIN)?.toLowerCase()).toBe(
      token,
    );
  });

  it("refuse any change: another participant's id, another day, another secret, a cut or a padded token", () => {
    const token = replyToken(randomUUID(), SECRET);
    // Every character changed in turn, to a different one: none reads.
    for (let index = 0; index < token.length; index++) {
      const other = token[index] === "a" ? "b" : "a";
      expect(readReplyToken(token.slice(0, index) + other + token.slice(index + 1), SECRET)).toBeNull();
    }
    expect(readReplyToken(token, "another-secret-of-at-least-32-characters")).toBeNull();
    expect(readReplyToken(token.slice(0, -1), SECRET)).toBeNull();
    expect(readReplyToken(`${token}0`, SECRET)).toBeNull();
    expect(readReplyToken("", SECRET)).toBeNull();
    expect(readReplyToken("not base32 at all!", SECRET)).toBeNull();
  });

  it(`expire ${REPLY_ADDRESS_DAYS} days after they were made`, () => {
    const participantId = randomUUID();
    const made = new Date("2026-12-01T09:00:00Z");
    const token = replyToken(participantId, SECRET, made);
    const daysAfter = (days: number) => new Date(made.getTime() + days * DAY);
    expect(readReplyToken(token, SECRET, daysAfter(REPLY_ADDRESS_DAYS - 1))?.expired).toBe(false);
    expect(readReplyToken(token, SECRET, daysAfter(REPLY_ADDRESS_DAYS + 1))).toEqual({
      participantId,
      expired: true,
    });
  });

  it("are found among To and Cc at our domain only", () => {
    const address = replyAddress(randomUUID(), { domain: DOMAIN, secret: SECRET });
    const token = address.slice("reply+".length, address.indexOf("@"));
    expect(tokenInRecipients(["help@acme.test", `Acme <${address}>`], DOMAIN)).toBe(token);
    expect(tokenInRecipients([address.replace(DOMAIN, "evil.test")], DOMAIN)).toBeNull();
    expect(tokenInRecipients([address.replace(DOMAIN, `x.${DOMAIN}`)], DOMAIN)).toBeNull();
    expect(tokenInRecipients([`other+${token}@${DOMAIN}`], DOMAIN)).toBeNull();
    expect(tokenInRecipients([], DOMAIN)).toBeNull();
  });

  it("compare bare, lowercased addresses", () => {
    expect(bareAddress('"Dana Diaz" <Dana.Diaz@Customer.test>')).toBe("dana.diaz@customer.test");
    expect(bareAddress(" dana@customer.test ")).toBe("dana@customer.test");
  });
});
