/**
 * An expected failure of a domain rule. Entry points turn it into a typed result such as
 * `{ ok: false, error: "conversation_not_found" }`; its message is safe to show to the person.
 */
export class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** Postgres unique violation, whichever driver raised it (drizzle wraps driver errors in `cause`). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === "23505") return true;
  }
  return false;
}
