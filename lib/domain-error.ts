/**
 * Every code an entry point may answer with, and the HTTP status a route handler gives it. A closed
 * set, so a new failure is added here (with its status) before anything can throw it, and a
 * client can rely on the codes it sees.
 */
export const DOMAIN_ERRORS = {
  // The input
  invalid_input: 400,
  invalid_request: 400,
  invalid_body: 400,
  invalid_email: 400,
  no_participants: 400,
  no_customers: 400,
  too_many_participants: 400,
  unknown_participant: 400,
  unknown_customer: 400,
  customer_not_allowed: 400,
  not_a_customer_conversation: 400,
  invalid_item: 400,
  requester_required: 400,
  sign_in_link_invalid: 400,
  sign_up_link_invalid: 400,
  unsubscribe_link_invalid: 400,
  invitation_link_invalid: 400,
  file_refused: 400,
  invalid_mention: 400,
  mention_cannot_see: 400,
  too_many_attachments: 400,
  file_too_large: 413,
  // Who is asking
  unauthenticated: 401,
  unauthorized: 401,
  webhook_signature_invalid: 401,
  cron_secret_not_set: 401,
  invalid_credentials: 401,
  forbidden: 403,
  cannot_deactivate_self: 403,
  not_a_participant: 403,
  sign_in_required: 403,
  not_your_message: 403,
  customer_blocked: 403,
  // What they ask for
  conversation_not_found: 404,
  workspace_not_found: 404,
  member_not_found: 404,
  customer_not_found: 404,
  invitation_not_found: 404,
  item_not_found: 404,
  message_not_found: 404,
  attachment_not_found: 404,
  device_not_found: 404,
  pusher_not_configured: 404,
  inbound_email_off: 404,
  builtin_stream_off: 404,
  // Too much, too fast: the answer says how long to wait (Retry-After)
  rate_limited: 429,
  // The state it is in
  email_taken: 409,
  last_admin: 409,
  client_message_id_reused: 409,
  new_message: 409,
  already_an_item: 409,
  item_thread: 409,
  edit_window_closed: 409,
  message_deleted: 409,
  attachment_unavailable: 409,
  upload_incomplete: 409,
  no_device: 409,
  push_off: 409,
  not_a_visitor: 409,
  // Ours
  internal: 500,
  // The database did not answer in time, or could not be reached (isDatabaseUnavailable)
  database_unavailable: 503,
  email_provider_unavailable: 503,
  // This instance holds as many built-in realtime streams as its memory allows (REALTIME_MAX_STREAMS)
  realtime_busy: 503,
} as const satisfies Record<string, number>;

export type DomainErrorCode = keyof typeof DOMAIN_ERRORS;

/**
 * An expected failure of a domain rule. Entry points turn it into a typed result such as
 * `{ ok: false, error: "conversation_not_found" }`; its message is safe to show to the person.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** For `rate_limited` and `realtime_busy`: how long until trying again can work. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export function httpStatusOf(code: DomainErrorCode): number {
  return DOMAIN_ERRORS[code];
}

/**
 * What anyone is told when the database does not answer. A write may or may not have been saved
 * (a commit whose answer was lost), so it says so; a send says more (lib/server-action.ts).
 */
export const databaseUnavailable = () =>
  new DomainError(
    "database_unavailable",
    "The database is not answering, so this may not have been saved. Try again in a moment.",
  );

/** How every route handler answers a domain error: its status from the table, its code and message. */
export function domainErrorResponse(error: DomainError): Response {
  const { code, message, retryAfterSeconds } = error;
  return Response.json(
    { error: code, message, ...(retryAfterSeconds !== undefined && { retryAfterSeconds }) },
    {
      status: httpStatusOf(code),
      ...(retryAfterSeconds !== undefined && { headers: { "Retry-After": String(retryAfterSeconds) } }),
    },
  );
}

/**
 * A route handler's body, with any domain error it throws answered from the table, and a database
 * that does not answer as database_unavailable. Anything else (including Next's redirect and
 * notFound, which work by throwing) passes through.
 */
export async function answeringDomainErrors(handle: () => Promise<Response>): Promise<Response> {
  try {
    return await handle();
  } catch (error) {
    if (error instanceof DomainError) return domainErrorResponse(error);
    if (isDatabaseUnavailable(error)) {
      console.error("The database is not answering:", error);
      return domainErrorResponse(databaseUnavailable());
    }
    throw error;
  }
}

/** Postgres unique violation, whichever driver raised it (drizzle wraps driver errors in `cause`). */
export const isUniqueViolation = (error: unknown) => hasPostgresCode(error, "23505");

/** A row lock taken with NOWAIT that someone else holds. */
export const isLockNotAvailable = (error: unknown) => hasPostgresCode(error, "55P03");

function hasPostgresCode(error: unknown, code: string): boolean {
  return causes(error).some((e) => e.code === code);
}

/**
 * The database did not answer in time, or could not be reached: our own timeouts (db/client.ts),
 * the server's statement or idle-in-transaction timeout, or a connection refused, cut, or shut
 * down. What failed is then no fault of the request, and trying again later can work.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return causes(error).some(({ code, message }) => {
    const known = typeof code === "string" ? code : "";
    // Class 08 is connection_exception.
    return UNAVAILABLE_CODES.has(known) || known.startsWith("08") || UNAVAILABLE_WORDS.test(String(message));
  });
}

const UNAVAILABLE_CODES = new Set([
  "57014", // query_canceled: statement_timeout
  "25P03", // idle_in_transaction_session_timeout
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up or shutting down
  "53300", // too_many_connections
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/**
 * pg gives its own timeouts and lost connections no code, only these words: an answer or a pooled
 * connection that did not come in time, a connection that did not open in time (a client's own,
 * then the pool's), and one that was cut.
 */
const UNAVAILABLE_WORDS =
  /^(Query read timeout|timeout exceeded when trying to connect|timeout expired$|Connection terminated|Client has encountered a connection error|Client was closed)/;

/** The error and its causes: drizzle wraps the driver's error in `cause`. */
function causes(error: unknown): Cause[] {
  const cause = error as Cause | undefined;
  return cause ? [cause, ...causes(cause.cause)] : [];
}

type Cause = { code?: unknown; message?: unknown; cause?: unknown };
