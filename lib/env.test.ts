import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseTimeouts, parseEnv } from "./env";

const dataDir = () => path.join(mkdtempSync(path.join(tmpdir(), "env-test-")), "pglite");

describe("parseEnv", () => {
  it("runs fully embedded with nothing set, generating and keeping an auth secret", () => {
    const PGLITE_DIR = dataDir();
    const first = parseEnv({ PGLITE_DIR });
    expect(first.embedded).toBe(true);
    expect(first.APP_URL).toBe("http://localhost:3000");
    expect(first.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(PGLITE_DIR, "..", "auth-secret"), "utf8")).toBe(first.AUTH_SECRET);
    expect(parseEnv({ PGLITE_DIR }).AUTH_SECRET).toBe(first.AUTH_SECRET);
  });

  it("generates Web Push keys on the embedded default and keeps them; takes all three VAPID_ variables; has none on a server database without them", () => {
    const PGLITE_DIR = dataDir();
    const first = parseEnv({ PGLITE_DIR }).vapid;
    expect(Buffer.from(first?.publicKey ?? "", "base64url")).toHaveLength(65);
    expect(Buffer.from(first?.privateKey ?? "", "base64url")).toHaveLength(32);
    expect(first?.subject).toMatch(/^mailto:/);
    // The two halves are one pair: what the private key signs, the public key verifies.
    const point = Buffer.from(first?.publicKey ?? "", "base64url");
    const jwk = {
      kty: "EC",
      crv: "P-256",
      x: point.subarray(1, 33).toString("base64url"),
      y: point.subarray(33).toString("base64url"),
    };
    const signature = sign(
      "sha256",
      Buffer.from("hello"),
      createPrivateKey({ key: { ...jwk, d: first?.privateKey }, format: "jwk" }),
    );
    expect(
      verify("sha256", Buffer.from("hello"), createPublicKey({ key: jwk, format: "jwk" }), signature),
    ).toBe(true);
    expect(parseEnv({ PGLITE_DIR }).vapid).toEqual(first);
    const given = {
      VAPID_PUBLIC_KEY: first?.publicKey,
      VAPID_PRIVATE_KEY: first?.privateKey,
      VAPID_SUBJECT: "https://help.example.com",
    };
    expect(parseEnv({ PGLITE_DIR: dataDir(), ...given }).vapid).toEqual({
      publicKey: first?.publicKey,
      privateKey: first?.privateKey,
      subject: "https://help.example.com",
    });
    const server = { DATABASE_URL: "postgres://db/app", AUTH_SECRET: "s".repeat(32) };
    expect(parseEnv({ PGLITE_DIR: dataDir(), ...server }).vapid).toBeNull();
  });

  it("takes push services of one's own as host names", () => {
    expect(
      parseEnv({ PGLITE_DIR: dataDir(), PUSH_SERVICE_HOSTS: "push.example.com, Push2.example.com" })
        .PUSH_SERVICE_HOSTS,
    ).toEqual(["push.example.com", "push2.example.com"]);
  });

  it("treats an empty variable as unset", () => {
    expect(parseEnv({ PGLITE_DIR: dataDir(), DATABASE_URL: "" }).embedded).toBe(true);
  });

  it.each([
    [{ DATABASE_URL: "mysql://x" }, /^Invalid environment variable DATABASE_URL: /],
    [{ APP_URL: "not a url" }, /^Invalid environment variable APP_URL: /],
    [{ AUTH_SECRET: "short" }, /^Invalid environment variable AUTH_SECRET: must be at least 32 characters$/],
    [{ MESSAGES_PER_MINUTE: "0" }, /^Invalid environment variable MESSAGES_PER_MINUTE: /],
    [{ NEW_ADDRESSES_PER_HOUR: "many" }, /^Invalid environment variable NEW_ADDRESSES_PER_HOUR: /],
    [{ MAX_ATTACHMENT_MB: "0" }, /^Invalid environment variable MAX_ATTACHMENT_MB: /],
    [{ DATABASE_CONNECT_TIMEOUT_MS: "0" }, /^Invalid environment variable DATABASE_CONNECT_TIMEOUT_MS: /],
    [
      { DATABASE_STATEMENT_TIMEOUT_MS: "15s" },
      /^Invalid environment variable DATABASE_STATEMENT_TIMEOUT_MS: /,
    ],
    [
      { S3_BUCKET: "files", S3_REGION: "eu-west-1", S3_ACCESS_KEY_ID: "key" },
      /^Invalid environment variable S3_SECRET_ACCESS_KEY: required when any S3_ variable is set$/,
    ],
    [{ S3_ENDPOINT: "http://127.0.0.1:9000" }, /^Invalid environment variable S3_BUCKET: required when/],
    [
      { DATABASE_URL: "postgres://db/app" },
      /^Invalid environment variable AUTH_SECRET: required when DATABASE_URL is set$/,
    ],
    [
      { VAPID_PUBLIC_KEY: "BAAA" },
      /^Invalid environment variable VAPID_PUBLIC_KEY: must be an uncompressed P-256/,
    ],
    [
      { VAPID_PRIVATE_KEY: "not+base64url" },
      /^Invalid environment variable VAPID_PRIVATE_KEY: must be base64url$/,
    ],
    [
      { VAPID_SUBJECT: "http://example.com" },
      /^Invalid environment variable VAPID_SUBJECT: must be a mailto:/,
    ],
    [
      { VAPID_SUBJECT: "mailto:ops@example.com" },
      /^Invalid environment variable VAPID_PUBLIC_KEY: required when any VAPID_ variable is set$/,
    ],
    [
      { PUSH_SERVICE_HOSTS: "https://push.example.com/" },
      /^Invalid environment variable PUSH_SERVICE_HOSTS: must be host names separated by commas$/,
    ],
  ])("stops with one line naming the bad variable: %o", (env, message) => {
    const error = (() => {
      try {
        parseEnv({ PGLITE_DIR: dataDir(), ...env });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain("\n");
  });

  it("keeps attachments beside the embedded database, 25 MB each, unless S3_ and MAX_ATTACHMENT_MB say otherwise", () => {
    const PGLITE_DIR = dataDir();
    expect(parseEnv({ PGLITE_DIR }).attachments).toEqual({
      maxBytes: 25 * 1024 * 1024,
      folder: path.join(PGLITE_DIR, "..", "attachments"),
      s3: undefined,
    });
    const s3 = parseEnv({
      PGLITE_DIR,
      MAX_ATTACHMENT_MB: "5",
      S3_BUCKET: "files",
      S3_REGION: "auto",
      S3_ENDPOINT: "http://127.0.0.1:9000",
      S3_ACCESS_KEY_ID: "key",
      S3_SECRET_ACCESS_KEY: "secret",
    }).attachments;
    expect(s3.maxBytes).toBe(5 * 1024 * 1024);
    expect(s3.s3).toMatchObject({ bucket: "files", endpoint: "http://127.0.0.1:9000", forcePathStyle: true });
  });

  it("takes replies by email only with Resend's key and webhook secret, and a domain name", () => {
    const resend = { RESEND_API_KEY: "re_x", EMAIL_FROM: "Acme <help@acme.test>" };
    const secret = "whsec_c2VjcmV0LW9mLXRoZS13ZWJob29r";
    const env = parseEnv({
      PGLITE_DIR: dataDir(),
      ...resend,
      INBOUND_EMAIL_DOMAIN: "reply.acme.test",
      RESEND_WEBHOOK_SECRET: secret,
    });
    expect(env.INBOUND_EMAIL_DOMAIN).toBe("reply.acme.test");
    expect(() =>
      parseEnv({ PGLITE_DIR: dataDir(), ...resend, INBOUND_EMAIL_DOMAIN: "reply.acme.test" }),
    ).toThrow(
      /^Invalid environment variable INBOUND_EMAIL_DOMAIN: needs RESEND_API_KEY and RESEND_WEBHOOK_SECRET/,
    );
    expect(() =>
      parseEnv({
        PGLITE_DIR: dataDir(),
        INBOUND_EMAIL_DOMAIN: "reply.acme.test",
        RESEND_WEBHOOK_SECRET: secret,
      }),
    ).toThrow(/INBOUND_EMAIL_DOMAIN: needs RESEND_API_KEY/);
    expect(() =>
      parseEnv({
        PGLITE_DIR: dataDir(),
        ...resend,
        INBOUND_EMAIL_DOMAIN: "reply@acme.test",
        RESEND_WEBHOOK_SECRET: secret,
      }),
    ).toThrow(/^Invalid environment variable INBOUND_EMAIL_DOMAIN: must be a domain name/);
    expect(() =>
      parseEnv({
        PGLITE_DIR: dataDir(),
        ...resend,
        INBOUND_EMAIL_DOMAIN: "reply.acme.test",
        RESEND_WEBHOOK_SECRET: "secret",
      }),
    ).toThrow(/^Invalid environment variable RESEND_WEBHOOK_SECRET: must be the whsec_/);
  });

  it("uses the server database when DATABASE_URL and AUTH_SECRET are set", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://u@h:5432/app", AUTH_SECRET: "x".repeat(32) });
    expect(env.embedded).toBe(false);
    expect(env.AUTH_SECRET).toBe("x".repeat(32));
  });
});

describe("databaseTimeouts", () => {
  it("waits 5 s for a connection and 15 s for a statement unless told otherwise; 0 lifts the statement's", () => {
    expect(databaseTimeouts({})).toEqual({ connectMs: 5_000, statementMs: 15_000 });
    expect(
      databaseTimeouts({ DATABASE_CONNECT_TIMEOUT_MS: "2000", DATABASE_STATEMENT_TIMEOUT_MS: "0" }),
    ).toEqual({ connectMs: 2_000, statementMs: 0 });
  });

  it("reads them without the rest of the environment, and stops with one line on a bad one", () => {
    expect(databaseTimeouts({ DATABASE_URL: "not checked here", AUTH_SECRET: "short" })).toEqual({
      connectMs: 5_000,
      statementMs: 15_000,
    });
    expect(() => databaseTimeouts({ DATABASE_STATEMENT_TIMEOUT_MS: "-1" })).toThrow(
      /^Invalid environment variable DATABASE_STATEMENT_TIMEOUT_MS: /,
    );
  });
});
