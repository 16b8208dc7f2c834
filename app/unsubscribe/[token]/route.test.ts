import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";

// Before the route (and lib/env.ts, which reads once) is loaded.
process.env.PGLITE_DIR = path.join(mkdtempSync(path.join(tmpdir(), "unsubscribe-test-")), "pglite");
process.env.AUTH_SECRET = "test-secret-that-is-at-least-32-characters-long";
delete process.env.DATABASE_URL;

const { GET, POST } = await import("./route");
const { getDb } = await import("@/db");
const { customers, users } = await import("@/db/schema");
const { unsubscribeToken } = await import("@/lib/notifications/unsubscribe-links");

const SECRET = process.env.AUTH_SECRET as string;
let bobToken: string;
let danaToken: string;

beforeAll(async () => {
  const db = await getDb(); // the embedded database seeds the demo workspace, acme
  const [bob] = await db.select().from(users).where(eq(users.email, "bob@acme.test"));
  const [dana] = await db.select().from(customers).where(eq(customers.email, "dana@customer.test"));
  if (!bob || !dana) throw new Error("the demo workspace has no Bob or Dana");
  bobToken = unsubscribeToken({ kind: "user", id: bob.id, workspaceId: bob.workspaceId }, SECRET);
  danaToken = unsubscribeToken({ kind: "customer", id: dana.id, workspaceId: dana.workspaceId }, SECRET);
}, 60_000);

beforeEach(async () => {
  const db = await getDb();
  await db.update(users).set({ emailChoice: "all" });
  await db.update(customers).set({ notifyEmail: true });
});

const link = (token: string) => `http://localhost:3000/unsubscribe/${token}`;
const params = (token: string) => ({ params: Promise.resolve({ token }) });
/** What a mail client sends for RFC 8058: a form POST, no cookies. */
const oneClick = (token: string) =>
  POST(
    new Request(link(token), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    }),
    params(token),
  );
async function emailOn() {
  const db = await getDb();
  const bob = await db
    .select({ on: sql<boolean>`${users.emailChoice} <> 'none'` })
    .from(users)
    .where(eq(users.email, "bob@acme.test"));
  const dana = await db
    .select({ on: customers.notifyEmail })
    .from(customers)
    .where(eq(customers.email, "dana@customer.test"));
  return { bob: bob[0]?.on, dana: dana[0]?.on };
}

describe("the unsubscribe link", () => {
  it("opened (GET), changes nothing and shows the page with the button", async () => {
    const response = await GET(new Request(link(bobToken)), params(bobToken));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${link(bobToken)}/confirm`);
    expect(await emailOn()).toEqual({ bob: true, dana: true });
  });

  it("POSTed in one click with no session, turns that person's email off, and only theirs", async () => {
    const response = await oneClick(bobToken);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("You will no longer get these emails.");
    expect(await emailOn()).toEqual({ bob: false, dana: true });

    expect((await oneClick(danaToken)).status).toBe(200);
    expect(await emailOn()).toEqual({ bob: false, dana: false });
    // Mail clients may POST twice.
    expect((await oneClick(danaToken)).status).toBe(200);
  });

  it("altered or forged, changes nothing and says so", async () => {
    const [body = ""] = bobToken.split(".");
    for (const token of [`${bobToken.slice(0, -2)}xx`, `${body}.forged`, "nonsense", "x".repeat(2000)]) {
      const response = await oneClick(token);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("This unsubscribe link is not valid");
    }
    expect(await emailOn()).toEqual({ bob: true, dana: true });
  });
});
