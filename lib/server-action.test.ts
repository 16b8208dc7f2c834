import { createServer, type Server } from "node:net";
import { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { CustomerActor, TeamActor } from "@/lib/auth/actor";

// Signed in on both sides, so the wrappers get as far as parsing. No input here is valid, so no
// action reaches the database or a cookie.
vi.mock("@/lib/auth/session", () => ({
  getTeamActor: async (): Promise<TeamActor> => ({
    kind: "user",
    userId: "00000000-0000-4000-8000-000000000001",
    workspaceId: "00000000-0000-4000-8000-000000000002",
    name: "Alice Admin",
    role: "admin",
    customerFacing: true,
  }),
}));
vi.mock("@/lib/chat/session-cookie", () => ({
  getChatActor: async (): Promise<CustomerActor> => ({
    kind: "customer",
    customerId: "00000000-0000-4000-8000-000000000003",
    workspaceId: "00000000-0000-4000-8000-000000000002",
    name: "Dana Diaz",
    email: "dana@customer.test",
  }),
  startChatSession: vi.fn(),
  endChatSession: vi.fn(),
}));

// Auth.js itself does not load outside Next; the form actions must fail before they reach it.
const { signIn } = vi.hoisted(() => ({ signIn: vi.fn() }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));
vi.mock("@/lib/auth/auth", () => ({ signIn, signOut: vi.fn() }));

const { formFields, runAction } = await import("./server-action");
const { answeringDomainErrors } = await import("./domain-error");
const { openPostgres } = await import("@/db/client");
const auth = await import("@/app/(auth)/actions");
const chat = await import("@/app/chat/[slug]/actions");
const messenger = await import("@/app/(app)/messenger/actions");
const settings = await import("@/app/(app)/settings/actions");

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
};

/** What a caller of a public endpoint may send instead of what the action expects. */
const wrongInputs: [string, unknown][] = [
  ["a string", "hello"],
  ["null", null],
  ["undefined", undefined],
  ["a number", 42],
  ["an array", [{ conversationId: "x" }]],
  ["a FormData", form({ conversationId: "x", body: "hi" })],
];

const invalid = expect.objectContaining({ ok: false, error: "invalid_input", message: expect.any(String) });

describe("runAction", () => {
  const schema = z.object({ name: z.string().min(1) });

  it.each(wrongInputs)("answers %s where an object is expected with invalid_input", async (_name, input) => {
    const handler = vi.fn();
    expect(await runAction(schema, input, handler)).toEqual(invalid);
    expect(handler).not.toHaveBeenCalled();
  });

  it("names the field that is wrong", async () => {
    const result = await runAction(schema, { name: "" }, vi.fn());
    expect(result).toMatchObject({
      ok: false,
      error: "invalid_input",
      fieldErrors: { name: [expect.any(String)] },
    });
  });

  it("turns a throwing schema into the generic error, never a throw", async () => {
    vi.spyOn(console, "error").mockImplementationOnce(() => {});
    const throwing = z.string().transform(() => {
      throw new Error("a bug in a transform");
    });
    expect(await runAction(throwing, "x", vi.fn())).toMatchObject({ ok: false, error: "internal" });
  });
});

describe("formFields", () => {
  const schema = formFields(z.object({ email: z.email() }));

  it("parses a form's fields", () => {
    expect(schema.parse(form({ email: "dana@customer.test" }))).toEqual({ email: "dana@customer.test" });
  });

  it.each([
    ["a plain object", { email: "dana@customer.test" }],
    ["a string", "dana@customer.test"],
    ["null", null],
  ])("refuses %s", (_name, input) => {
    expect(schema.safeParse(input).success).toBe(false);
  });

  it("refuses a file where text is expected", () => {
    const data = new FormData();
    data.append("email", new Blob(["x"]), "email.txt");
    expect(schema.safeParse(data).success).toBe(false);
  });
});

describe("every server action answers bad arguments with invalid_input", () => {
  // Each form action, called as a public endpoint with something other than its form.
  const formActions = {
    signInWithPassword: auth.signInWithPassword,
    emailSignInLink: auth.emailSignInLink,
    createWorkspace: auth.createWorkspace,
  };
  it.each(Object.entries(formActions))("%s", async (_name, action) => {
    for (const [, input] of [...wrongInputs.filter(([name]) => name !== "a FormData"), ["an object", {}]])
      expect(await action(null, input as FormData)).toEqual(invalid);
    expect(await action(null, form({ email: "not an email" }))).toEqual(invalid);
    expect(signIn).not.toHaveBeenCalled();
  });

  const objectActions = { ...chat, ...messenger, ...settings } as Record<
    string,
    (input: unknown) => Promise<unknown>
  >;
  // The heartbeats, "sign out everywhere", "resume notifications", "send a test notification" and
  // "rotate the identity secret" take no arguments: whatever they are sent is ignored, not parsed.
  // The customer list's fields are all optional: a FormData reads as its first page.
  const takingInput = Object.entries(objectActions).filter(
    ([name]) =>
      !/heartbeat|everywhere|resumeNotifications|sendTestPush|rotateIdentitySecret|listCustomers/i.test(name),
  );

  it.each(takingInput)("%s", async (_name, action) => {
    for (const [name, input] of wrongInputs) expect(await action(input), name).toEqual(invalid);
  });

  it("has found every action", () => {
    expect(takingInput.length).toBeGreaterThanOrEqual(20);
  });
});

describe("an over-long message through the actions", () => {
  const body = "x".repeat(10_001);
  const clientMessageId = "client-message-1";

  it("says 10,000 characters, from the team's and the customer's side", async () => {
    const words = {
      ok: false,
      error: "invalid_input",
      message: "A message can be at most 10,000 characters.",
    };
    expect(await messenger.sendMessageAction({ conversationId: "c1", body, clientMessageId })).toMatchObject(
      words,
    );
    expect(await chat.sendChatMessageAction({ conversationId: "c1", body, clientMessageId })).toMatchObject(
      words,
    );
    expect(await chat.startChatConversationAction({ body, clientMessageId })).toMatchObject(words);
  });
});

describe("a database that does not answer", () => {
  // A server that takes connections, reads, and never says a word: a hung Postgres.
  let silent: Server;
  let url = "";
  beforeAll(async () => {
    silent = createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    url = `postgres://app@127.0.0.1:${typeof address === "object" ? address?.port : 0}/app`;
  });
  afterAll(() => new Promise<void>((resolve) => silent.close(() => resolve())));

  const schema = z.object({ clientMessageId: z.string().optional() });
  const timeouts = { connectMs: 200, statementMs: 200 };
  const unanswered = {
    ok: false,
    error: "database_unavailable",
    message: "The database is not answering, so this may not have been saved. Try again in a moment.",
  };
  /** What the drivers throw, each time for real but the server's own timeout, as drizzle wraps it. */
  const failures: [string, () => Promise<unknown>][] = [
    ["opening the app's database (its migration's connection)", () => openPostgres(url, { timeouts })],
    [
      "a pooled connection",
      async () => {
        const pool = new Pool({ connectionString: url, connectionTimeoutMillis: 200 });
        await pool.query("select 1").finally(() => pool.end());
      },
    ],
    ["a refused connection", () => openPostgres("postgres://app@127.0.0.1:1/app", { timeouts })],
    [
      "the server's statement_timeout",
      async () => {
        const canceled = Object.assign(new Error("canceling statement due to statement timeout"), {
          code: "57014",
        });
        throw new Error("Failed query: select 1", { cause: canceled });
      },
    ],
  ];

  it.each(failures)("answers %s with database_unavailable", async (_name, fail) => {
    vi.spyOn(console, "error").mockImplementationOnce(() => {});
    expect(await runAction(schema, {}, fail)).toEqual(unanswered);
  });

  it("tells a send (it carries the id its retry repeats, and is stored once) that its message was not lost", async () => {
    vi.spyOn(console, "error").mockImplementationOnce(() => {});
    const [, fail] = failures[0] ?? [];
    expect(await runAction(schema, { clientMessageId: "client-message-1" }, async () => fail?.())).toEqual({
      ...unanswered,
      message: "The database is not answering. Your message was not lost: try again in a moment.",
    });
  });

  it("answers the same from a route handler, with 503", async () => {
    vi.spyOn(console, "error").mockImplementationOnce(() => {});
    const response = await answeringDomainErrors(async () => {
      await openPostgres(url, { timeouts });
      return new Response("opened");
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: unanswered.error, message: unanswered.message });
  });

  it("keeps any other failure of the database the generic internal error", async () => {
    vi.spyOn(console, "error").mockImplementationOnce(() => {});
    const violation = Object.assign(new Error("duplicate key value"), { code: "23505" });
    const result = await runAction(schema, {}, async () => {
      throw new Error("Failed query: insert", { cause: violation });
    });
    expect(result).toMatchObject({ ok: false, error: "internal" });
  });
});
