import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";
import { getTeamActor } from "@/lib/auth/session";
import { getChatActor } from "@/lib/chat/session-cookie";
import {
  DomainError,
  type DomainErrorCode,
  databaseUnavailable,
  isDatabaseUnavailable,
} from "@/lib/domain-error";

export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      error: DomainErrorCode;
      message: string;
      fieldErrors?: Record<string, string[]>;
      /** With `rate_limited`: seconds until trying again can work. */
      retryAfterSeconds?: number;
    };

type Context = { db: Db; actor: TeamActor };

/**
 * The one wrapper for every team server action: session check, then zod, then the domain call.
 * Expected failures come back typed; anything else is logged and shown as a generic message.
 */
export function teamAction<S extends z.ZodType, T>(
  schema: S,
  handler: (context: Context, input: z.output<S>) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return signedInAction(getTeamActor, "Your session has ended. Sign in again.", schema, handler);
}

/**
 * The same for the chat page's actions: the customer of the chat session, never a team member.
 * A team session opens nothing here, and a customer session nothing in `teamAction`.
 */
export function customerAction<S extends z.ZodType, T>(
  schema: S,
  handler: (context: { db: Db; actor: CustomerActor }, input: z.output<S>) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return signedInAction(getChatActor, "Your chat session has ended. Sign in again.", schema, handler);
}

function signedInAction<A, S extends z.ZodType, T>(
  findActor: () => Promise<A | null>,
  signedOut: string,
  schema: S,
  handler: (context: { db: Db; actor: A }, input: z.output<S>) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  // Finding the session reads the database too: its failures are answered like the action's own.
  return (input) =>
    answering(input, async () => {
      const actor = await findActor();
      if (!actor) return { ok: false, error: "unauthenticated", message: signedOut };
      return validated(schema, input, async (data) => handler({ db: await getDb(), actor }, data));
    });
}

/**
 * For actions a form posts: its fields, parsed by `schema`. Anything but FormData (an action is a
 * public endpoint, callable with any argument) is invalid input, like a bad field.
 */
export function formFields<S extends z.ZodType>(schema: S) {
  return z
    .instanceof(FormData, { error: "Check the form." })
    .transform((form): unknown => Object.fromEntries(form))
    .pipe(schema);
}

/**
 * A send carries the id its client repeats on a retry, and a retry is stored once (the message if
 * the lost attempt committed it, or anew): so after a database timeout it may say "try again".
 */
const SEND_UNANSWERED = new DomainError(
  "database_unavailable",
  "The database is not answering. Your message was not lost: try again in a moment.",
);

const isSend = (input: unknown) => typeof input === "object" && input !== null && "clientMessageId" in input;

/** Validation and error handling for actions that run before anyone is signed in. */
export function runAction<S extends z.ZodType, T>(
  schema: S,
  input: unknown,
  handler: (input: z.output<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  return answering(input, () => validated(schema, input, handler));
}

async function validated<S extends z.ZodType, T>(
  schema: S,
  input: unknown,
  handler: (input: z.output<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.join(".") || "form";
      fieldErrors[key] = [...(fieldErrors[key] ?? []), issue.message];
    }
    return {
      ok: false,
      error: "invalid_input",
      message: parsed.error.issues[0]?.message ?? "Check the form.",
      fieldErrors,
    };
  }
  return { ok: true, data: await handler(parsed.data) };
}

/** Turns what `run` throws into a typed result: a DomainError's own, the database's, or a generic one. */
async function answering<T>(input: unknown, run: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError) return failure(error);
    // Next's redirect() and notFound() work by throwing; they must pass through.
    unstable_rethrow(error);
    if (isDatabaseUnavailable(error)) {
      console.error("The database is not answering:", error);
      return failure(isSend(input) ? SEND_UNANSWERED : databaseUnavailable());
    }
    console.error("Unexpected error in a server action", error);
    return { ok: false, error: "internal", message: "Something went wrong on our side. Please try again." };
  }
}

function failure(error: DomainError): ActionResult<never> {
  return {
    ok: false,
    error: error.code,
    message: error.message,
    ...(error.retryAfterSeconds !== undefined && { retryAfterSeconds: error.retryAfterSeconds }),
  };
}
