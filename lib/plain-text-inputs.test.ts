import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { customers, emailOutbox, signUpRequests, users, workspaces } from "@/db/schema";
import { openTestWorkspaces } from "@/db/testing";
import { completeSignUp, requestSignUp, signUpInput } from "@/lib/auth/sign-up";
import { startCustomerConversation } from "@/lib/conversations/start-conversation";
import { nameFromEmail } from "@/lib/people/customers";

// Every name a person can type or bring in is stored as plain text (lib/plain-text.ts), through
// the same parsing and domain functions as the app's own entry points.
const world = openTestWorkspaces([{ slug: "acme", team: ["Alice Admin"] }]);

// What the sign-up action does with its form: parse, then request the sign-up (its wrapper needs Next).
const requestWith = async (fields: Record<string, string>) => {
  const parsed = signUpInput.safeParse({ password: "long-enough-password", ...fields });
  if (!parsed.success) return { ok: false as const, fieldErrors: z.flattenError(parsed.error).fieldErrors };
  await requestSignUp(world.db(), {
    input: parsed.data,
    clientAddress: "198.51.100.8",
    appUrl: "http://app.test",
  });
  return { ok: true as const };
};

describe("signing up", () => {
  it("stores the workspace's and the person's names without line breaks, overrides or hidden characters", async () => {
    const result = await requestWith({
      workspaceName: "\u202eAcme\u2066 Support\u2069\r\n",
      name: "Zed\u200b\r\nBcc: eve@evil.test\u00ad",
      email: "zed@plain.test",
    });
    expect(result).toEqual({ ok: true });
    const [email] = await world.db().select().from(emailOutbox).where(eq(emailOutbox.to, "zed@plain.test"));
    expect(email?.subject).toBe("Confirm your email to create Acme Support");
    const token = /token=([A-Za-z0-9_-]+)/.exec(email?.text ?? "")?.[1] ?? "";
    const { workspaceId, userId } = await completeSignUp(world.db(), {
      token,
      password: "long-enough-password",
    });
    const [workspace] = await world.db().select().from(workspaces).where(eq(workspaces.id, workspaceId));
    const [user] = await world.db().select().from(users).where(eq(users.id, userId));
    expect(workspace?.name).toBe("Acme Support");
    expect(user?.name).toBe("Zed Bcc: eve@evil.test");
  });

  it("refuses names with nothing visible, says which and why, and stores nothing", async () => {
    const before = await world.db().$count(signUpRequests);
    const result = await requestWith({
      workspaceName: "\u202e\u200bA\r\n",
      name: "\u2067\u2069\u200f \t",
      email: "nobody-visible@plain.test",
    });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: {
        workspaceName: ["Enter at least 2 characters for your workspace's name."],
        name: ["Enter your name."],
      },
    });
    expect(await world.db().$count(signUpRequests)).toBe(before);
  });
});

describe("a customer's name", () => {
  it("is the plain part of their address before the @", () => {
    expect(nameFromEmail("dana.diaz@customer.test")).toBe("dana.diaz");
    expect(nameFromEmail("da\u202ena\r\n@customer.test")).toBe("dana");
    expect(nameFromEmail("\u200b@customer.test")).toBe("Customer");
  });

  it("is stored plain for a new customer, and an address with hidden characters is refused", async () => {
    const alice = world.member("Alice Admin");
    const start = (email: string) =>
      startCustomerConversation(world.db(), {
        actor: alice,
        customerIds: [],
        newCustomerEmails: [email],
        userIds: [],
        body: "Hello",
        clientMessageId: randomUUID(),
      });
    await start(" Dana.Diaz@Customer.test\n");
    const [dana] = await world
      .db()
      .select()
      .from(customers)
      .where(eq(customers.email, "dana.diaz@customer.test"));
    expect(dana?.name).toBe("dana.diaz");
    for (const email of ["da\u202ena@customer.test", "dana\r\n@customer.test", "da\u200bna@customer.test"])
      await expect(start(email), JSON.stringify(email)).rejects.toMatchObject({ code: "invalid_email" });
  });
});
