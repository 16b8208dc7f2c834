import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

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
});

export type Env = z.infer<typeof schema> & { AUTH_SECRET: string; embedded: boolean };

let cached: Env | undefined;

/** The environment of this process, parsed on first use. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Throws one line naming the first bad variable, so start-up stops with a clear message. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(blankToUndefined(source));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid environment variable ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const embedded = !parsed.data.DATABASE_URL;
  if (!embedded && !parsed.data.AUTH_SECRET) {
    // Several instances share one database; each generating its own secret would log everyone out.
    throw new Error("Invalid environment variable AUTH_SECRET: required when DATABASE_URL is set");
  }
  return {
    ...parsed.data,
    AUTH_SECRET: parsed.data.AUTH_SECRET ?? embeddedAuthSecret(parsed.data.PGLITE_DIR),
    embedded,
  };
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
