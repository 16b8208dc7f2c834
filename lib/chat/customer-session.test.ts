import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers } from "@/db/schema";
import { openCustomerWorkspaces, testClock } from "@/db/testing";
import { chatSessionToken, customerFromSession } from "./customer-session";

const SECRET = "test-secret-that-is-at-least-32-characters-long";
const acme = openCustomerWorkspaces();
const { db } = acme;

describe("session cookies and conversation links", () => {
  const { start: now, afterDays: inDays } = testClock();
  const session = (token: string | undefined, at = now, workspaceId = acme.workspace.id) =>
    customerFromSession(db(), { token, workspaceId, secret: SECRET, now: at });

  it("a session names its customer until it expires, and nothing once tampered with", async () => {
    const token = chatSessionToken(
      { customerId: acme.dana.customerId, workspaceId: acme.workspace.id },
      SECRET,
      now,
    );
    expect((await session(token))?.customerId).toBe(acme.dana.customerId);
    expect(await session(token, inDays(31))).toBeNull();
    expect(await session(token, now, acme.outsider.workspaceId)).toBeNull();
    const [body, signature] = token.split(".");
    const swapped = Buffer.from(
      JSON.stringify({ c: acme.erin.customerId, w: acme.workspace.id, exp: 9e9 }),
    ).toString("base64url");
    expect(await session(`${swapped}.${signature}`)).toBeNull();
    expect(await session(`${body}.${signature}x`)).toBeNull();
    expect(
      await session(
        chatSessionToken(
          { customerId: acme.dana.customerId, workspaceId: acme.workspace.id },
          "another-secret-of-32-characters-at-least",
        ),
      ),
    ).toBeNull();
    expect(await session(undefined)).toBeNull();
  });

  it("a session for a customer who was deleted names nobody", async () => {
    const [ghost] = await db()
      .insert(customers)
      .values({ workspaceId: acme.workspace.id, name: "Ghost", email: "ghost@example.test" })
      .returning();
    const token = chatSessionToken(
      { customerId: ghost?.id ?? "", workspaceId: acme.workspace.id },
      SECRET,
      now,
    );
    await db().delete(customers).where(eq(customers.email, "ghost@example.test"));
    expect(await session(token)).toBeNull();
  });
});
