import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { groupIsSet } from "@/lib/env-groups";

/** The application server's identity to the browsers' push services (RFC 8292): a P-256 key pair, and who to contact. */
export type VapidKeys = { publicKey: string; privateKey: string; subject: string };

const base64url = /^[A-Za-z0-9_-]+$/;
const bytesOf = (text: string) => Buffer.from(text, "base64url");

/** The variables, each checked for its shape, so a pasted key with a character missing stops start-up. */
export const vapidSchema = z.object({
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(base64url, "must be base64url")
    .refine(
      (key) => bytesOf(key).length === 65 && bytesOf(key)[0] === 4,
      "must be an uncompressed P-256 public key (65 bytes)",
    )
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(base64url, "must be base64url")
    .refine((key) => bytesOf(key).length === 32, "must be a P-256 private key (32 bytes)")
    .optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+)$/, "must be a mailto: address or an https: URL")
    .optional(),
});

/**
 * Web Push's keys: all three variables, or none. None on the embedded default: generated on first
 * start and kept in the data folder, like the auth secret. None with DATABASE_URL: push is off, as
 * every instance of a fleet must sign with the same key. Null when off.
 */
export function vapidKeys(
  env: z.infer<typeof vapidSchema>,
  { embedded, dataFolder, appUrl }: { embedded: boolean; dataFolder: string; appUrl: string },
): VapidKeys | null {
  const { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey, VAPID_SUBJECT: subject } = env;
  if (groupIsSet(env, "VAPID_", ["VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", "VAPID_SUBJECT"]))
    return { publicKey: publicKey as string, privateKey: privateKey as string, subject: subject as string };
  if (!embedded) return null;
  // An https app may be contacted at its own address; a local one has none a push service could use.
  const contact = appUrl.startsWith("https://") ? new URL(appUrl).origin : "mailto:push@localhost.invalid";
  return { ...embeddedKeyPair(dataFolder), subject: contact };
}

/** Generated once and kept in `vapid-keys.json`: a new pair would orphan every browser's subscription. */
function embeddedKeyPair(dataFolder: string): { publicKey: string; privateKey: string } {
  const file = path.join(dataFolder, "vapid-keys.json");
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    mkdirSync(dataFolder, { recursive: true });
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const jwk = privateKey.export({ format: "jwk" });
    const pair = {
      // The uncompressed point, 0x04 ‖ x ‖ y, as browsers take it for applicationServerKey.
      publicKey: publicKey.export({ format: "der", type: "spki" }).subarray(-65).toString("base64url"),
      privateKey: jwk.d as string,
    };
    // `wx` fails if another process won the race; then read theirs.
    try {
      writeFileSync(file, JSON.stringify(pair), { flag: "wx", mode: 0o600 });
      return pair;
    } catch {
      return JSON.parse(readFileSync(file, "utf8"));
    }
  }
}
