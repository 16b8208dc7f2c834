import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { groupIsSet } from "./env-groups";
import { type VapidKeys, vapidKeys, vapidSchema } from "./push/vapid-keys";

/**
 * Attachments: the size limit, and S3-compatible storage when any S3_ variable is set (otherwise a
 * folder beside the embedded database). A group of its own, so that storage can be read without
 * the whole environment (tests and scripts run without AUTH_SECRET), as configuredLimit does.
 */
const attachmentSchema = z.object({
  MAX_ATTACHMENT_MB: z.coerce.number().int().min(1).max(5_000).default(25),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name")
    .optional(),
  S3_REGION: z.string().min(1).optional(),
  S3_ENDPOINT: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).optional(),
});

/**
 * How long a request waits on Postgres (db/client.ts): for a connection (a free one in the pool,
 * or a new one), and for one statement (0: no limit, for a long script). A group of its own, read
 * without the whole environment (tests and scripts open Postgres without AUTH_SECRET).
 */
const databaseSchema = z.object({
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(15_000),
});

/**
 * Every environment variable the app reads, parsed once. With none set, the app runs fully
 * embedded: PGlite in `.data/`, email kept in the outbox.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" })
    .optional(),
  PGLITE_DIR: z.string().min(1).default(".data/pglite"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  APP_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).default("http://localhost:3000"),
  PUSHER_APP_ID: z.string().regex(/^\d+$/, "must be the numeric app id").optional(),
  PUSHER_KEY: z.string().min(1).optional(),
  PUSHER_SECRET: z.string().min(1).optional(),
  PUSHER_CLUSTER: z
    .string()
    .regex(/^[a-z0-9-]+$/, "must be a cluster name such as eu or mt1")
    .optional(),
  PUSHER_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/, "must be a host name, without scheme or port")
    .optional(),
  PUSHER_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  PUSHER_USE_TLS: z.enum(["true", "false"]).optional(),
  RESEND_API_KEY: z.string().min(1).optional(),
  // Read by the Resend SDK itself; checked here so a typo stops start-up instead of every email.
  RESEND_BASE_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  EMAIL_FROM: z.string().min(3).optional(),
  // Replies by email (lib/inbound/): the domain whose mail Resend receives, and the secret that
  // signs its webhook (Resend's dashboard shows it: whsec_…).
  INBOUND_EMAIL_DOMAIN: z
    .string()
    .regex(
      /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i,
      "must be a domain name such as reply.acme.example",
    )
    .optional(),
  RESEND_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]+$/, "must be the whsec_… secret Resend shows for the webhook")
    .optional(),
  // The Resend account's rate limit, shared by every instance: 2 requests a second unless raised.
  EMAIL_REQUESTS_PER_SECOND: z.coerce.number().positive().max(10_000).default(2),
  CRON_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  // How many reverse proxies in front of the app append to X-Forwarded-For (per-address limits).
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  EMAIL_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3_600).default(10),
  MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  // Built-in realtime streams one instance holds open at once (lib/realtime/event-stream.ts).
  REALTIME_MAX_STREAMS: z.coerce.number().int().min(1).max(100_000).default(1_500),
  NEW_ADDRESSES_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
  // Push services besides the browsers' own (lib/push/push-services.ts): host names, comma-separated.
  PUSH_SERVICE_HOSTS: z
    .string()
    .regex(/^[A-Za-z0-9.-]+(\s*,\s*[A-Za-z0-9.-]+)*$/, "must be host names separated by commas")
    .transform((hosts) => hosts.split(",").map((host) => host.trim().toLowerCase()))
    .optional(),
  ...databaseSchema.shape,
  ...attachmentSchema.shape,
  ...vapidSchema.shape,
});

export type PusherConfig = {
  appId: string;
  key: string;
  secret: string;
  cluster?: string;
  host?: string;
  port?: number;
  useTLS: boolean;
};

export type S3Config = {
  bucket: string;
  region: string;
  endpoint?: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: boolean;
};

/** How long a request waits on Postgres, in milliseconds (databaseSchema). */
export type DatabaseTimeouts = { connectMs: number; statementMs: number };

/** Where attachments are kept, and how large one may be. */
export type AttachmentConfig = { maxBytes: number; folder: string; s3?: S3Config };

export type Env = z.infer<typeof schema> & {
  AUTH_SECRET: string;
  embedded: boolean;
  pusher?: PusherConfig;
  attachments: AttachmentConfig;
  /** Web Push's keys (lib/push/vapid-keys.ts), or null when push is off. */
  vapid: VapidKeys | null;
};

let cached: Env | undefined;

/** The environment of this process, parsed on first use. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * A limit's size (MESSAGES_PER_MINUTE: messages one person may send in a minute, in
 * lib/conversations/post-message.ts; NEW_ADDRESSES_PER_HOUR: addresses a workspace may email for
 * the first time in an hour, in lib/email/new-address-quota.ts). Read on its own, so that posting
 * and mailing need no complete environment (tests and scripts run without AUTH_SECRET); start-up
 * checks it with the rest.
 */
export function configuredLimit(name: "MESSAGES_PER_MINUTE" | "NEW_ADDRESSES_PER_HOUR"): number {
  return schema.shape[name].parse(process.env[name] || undefined);
}

/**
 * The sender (EMAIL_FROM) and the domain replies come to (INBOUND_EMAIL_DOMAIN), read on their own
 * like configuredLimit: the email sweep runs in scripts and tests without the rest of the app's
 * environment. Start-up checks them with the rest (a domain needs Resend's key and secret).
 */
export function emailAddressing(): { from?: string; replyDomain?: string } {
  return {
    from: schema.shape.EMAIL_FROM.parse(process.env.EMAIL_FROM || undefined),
    replyDomain: schema.shape.INBOUND_EMAIL_DOMAIN.parse(process.env.INBOUND_EMAIL_DOMAIN || undefined),
  };
}

/** The database's timeouts, read on their own (see databaseSchema). */
export function databaseTimeouts(source: Record<string, string | undefined> = process.env): DatabaseTimeouts {
  const env = parseOrStop(databaseSchema, source);
  return { connectMs: env.DATABASE_CONNECT_TIMEOUT_MS, statementMs: env.DATABASE_STATEMENT_TIMEOUT_MS };
}

/** The attachments' settings, read on their own (see attachmentSchema). */
export function attachmentConfig(source: Record<string, string | undefined> = process.env): AttachmentConfig {
  return attachmentConfigOf(
    parseOrStop(z.object({ ...attachmentSchema.shape, PGLITE_DIR: schema.shape.PGLITE_DIR }), source),
  );
}

function attachmentConfigOf(
  env: z.infer<typeof attachmentSchema> & { PGLITE_DIR: string },
): AttachmentConfig {
  return {
    maxBytes: env.MAX_ATTACHMENT_MB * 1024 * 1024,
    // Beside the embedded database and its auth secret: one data folder to back up or delete.
    folder: path.join(path.resolve(env.PGLITE_DIR), "..", "attachments"),
    s3: s3Config(env),
  };
}

/** S3 when any S3_ variable is set: then the bucket, the region and both keys are required. */
function s3Config(env: z.infer<typeof attachmentSchema>): S3Config | undefined {
  if (!groupIsSet(env, "S3_", ["S3_BUCKET", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"]))
    return undefined;
  return {
    bucket: env.S3_BUCKET as string,
    region: env.S3_REGION as string,
    endpoint: env.S3_ENDPOINT,
    credentials: {
      accessKeyId: env.S3_ACCESS_KEY_ID as string,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY as string,
    },
    // Most self-hosted stores (MinIO, s3rver) serve buckets by path, not by host name.
    forcePathStyle: env.S3_FORCE_PATH_STYLE ? env.S3_FORCE_PATH_STYLE === "true" : Boolean(env.S3_ENDPOINT),
  };
}

/** Throws one line naming the first bad variable, so start-up stops with a clear message. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const env = parseOrStop(schema, source);
  const embedded = !env.DATABASE_URL;
  if (env.RESEND_API_KEY && !env.EMAIL_FROM) {
    throw new Error("Invalid environment variable EMAIL_FROM: required when RESEND_API_KEY is set");
  }
  if (env.INBOUND_EMAIL_DOMAIN && !(env.RESEND_API_KEY && env.RESEND_WEBHOOK_SECRET)) {
    // The webhook's signature is checked with the secret, and the reply fetched with the key.
    throw new Error(
      "Invalid environment variable INBOUND_EMAIL_DOMAIN: needs RESEND_API_KEY and RESEND_WEBHOOK_SECRET",
    );
  }
  if (!embedded && !env.AUTH_SECRET) {
    // Several instances share one database; each generating its own secret would log everyone out.
    throw new Error("Invalid environment variable AUTH_SECRET: required when DATABASE_URL is set");
  }
  return {
    ...env,
    AUTH_SECRET: env.AUTH_SECRET ?? embeddedAuthSecret(env.PGLITE_DIR),
    embedded,
    pusher: pusherConfig(env),
    attachments: attachmentConfigOf(env),
    vapid: vapidKeys(env, {
      embedded,
      dataFolder: path.join(path.resolve(env.PGLITE_DIR), ".."),
      appUrl: env.APP_URL,
    }),
  };
}

/** Pusher (or Soketi) when its three credentials and a cluster or host are set; none of them: built-in. */
function pusherConfig(env: z.infer<typeof schema>): PusherConfig | undefined {
  const {
    PUSHER_APP_ID: appId,
    PUSHER_KEY: key,
    PUSHER_SECRET: secret,
    PUSHER_CLUSTER: cluster,
    PUSHER_HOST: host,
  } = env;
  if (!groupIsSet(env, "PUSHER_", ["PUSHER_APP_ID", "PUSHER_KEY", "PUSHER_SECRET"])) return undefined;
  if (!cluster && !host) {
    throw new Error(
      "Invalid environment variable PUSHER_CLUSTER: set PUSHER_CLUSTER (Pusher) or PUSHER_HOST (Soketi)",
    );
  }
  return {
    appId: appId as string,
    key: key as string,
    secret: secret as string,
    cluster,
    host,
    port: env.PUSHER_PORT,
    // Pusher's own service is TLS-only; a self-hosted Soketi is often plain http on a private network.
    useTLS: env.PUSHER_USE_TLS ? env.PUSHER_USE_TLS === "true" : !host,
  };
}

/** The variables `group` reads, or one line naming the first bad one. */
function parseOrStop<S extends z.ZodType>(group: S, source: Record<string, string | undefined>): z.output<S> {
  const parsed = group.safeParse(blankToUndefined(source));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid environment variable ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}

/** An empty variable (`FOO=`) means "not set", as in most .env tooling. */
function blankToUndefined(env: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
}

/** Generated on first start and kept beside the embedded database, so sessions survive restarts. */
function embeddedAuthSecret(pgliteDir: string): string {
  const file = path.join(path.resolve(pgliteDir), "..", "auth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    // `wx` fails if another process won the race; then read theirs.
    try {
      writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
      return secret;
    } catch {
      return readFileSync(file, "utf8").trim();
    }
  }
}
