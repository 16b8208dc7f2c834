import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { customers } from "@/db/schema";
import { type CustomerWorkspaces, createCustomerWorkspaces, createTestDb, testClock } from "@/db/testing";
import type { CustomerActor } from "@/lib/auth/actor";
import { chatSessionToken, customerFromSession } from "./customer-session";

const SECRET = "test-secret-that-is-at-least-32-characters-long";
let connection: Connection;
let workspace: CustomerWorkspaces["workspace"];
let dana: CustomerActor;
let erin: CustomerActor;
let outsider: CustomerActor;

const db = () => connection.db;

beforeAll(async () => {
  connection = await createTestDb();
  ({ workspace, dana, erin, outsider } = await createCustomerWorkspaces(connection));
});
afterAll(() => connection.close());

describe("session cookies and conversation links", () => {
  const { start: now, afterDays: inDays } = testClock();
  const session = (token: string | undefined, at = now, workspaceId = workspace.id) =>
    customerFromSession(db(), { token, workspaceId, secret: SECRET, now: at });

  it("a session names its customer until it expires, and nothing once tampered with", async () => {
    const token = chatSessionToken({ customerId: dana.customerId, workspaceId: workspace.id }, SECRET, now);
    expect((await session(token))?.customerId).toBe(dana.customerId);
    expect(await session(token, inDays(31))).toBeNull();
    expect(await session(token, now, outsider.workspaceId)).toBeNull();
    const [body, signature] = token.split(".");
    const swapped = Buffer.from(JSON.stringify({ c: erin.customerId, w: workspace.id, exp: 9e9 })).toString(
      "base64url",
    );
    expect(await session(`${swapped}.${signature}`)).toBeNull();
    expect(await session(`${body}.${signature}x`)).toBeNull();
    expect(
      await session(
        chatSessionToken(
          { customerId: dana.customerId, workspaceId: workspace.id },
          "another-secret-of-32-characters-at-least",
        ),
      ),
    ).toBeNull();
    expect(await session(undefined)).toBeNull();
  });

  it("a session for a customer who was deleted names nobody", async () => {
    const [ghost] = await db()
      .insert(customers)
      .values({ workspaceId: workspace.id, name: "Ghost", email: "ghost@example.test" })
      .returning();
    const token = chatSessionToken({ customerId: ghost?.id ?? "", workspaceId: workspace.id }, SECRET, now);
    await db().delete(customers).where(eq(customers.email, "ghost@example.test"));
    expect(await session(token)).toBeNull();
  });
});
