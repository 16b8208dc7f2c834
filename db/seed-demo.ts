import { sql } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "./client";
import { customers, users, workspaces } from "./schema";

export const DEMO_PASSWORD = "demo-password-1";

export const demo = {
  workspace: { slug: "acme", name: "Acme Support" },
  team: [
    { email: "alice@acme.test", name: "Alice Admin", role: "admin", customerFacing: true },
    { email: "bob@acme.test", name: "Bob Builder", role: "member", customerFacing: true },
    // Not customer-facing: Carol sees only the customer conversations she is added to.
    { email: "carol@acme.test", name: "Carol Chen", role: "member", customerFacing: false },
  ],
  customers: [
    { email: "dana@customer.test", name: "Dana Diaz" },
    { email: "erin@customer.test", name: "Erin Evans" },
  ],
} as const;

/** Idempotent: running it twice leaves one demo workspace, and never changes a password already set. */
export async function seedDemo(db: Db) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx.insert(workspaces).values(demo.workspace).onConflictDoNothing({ target: workspaces.slug });
    const [workspace] = await tx
      .select()
      .from(workspaces)
      .where(sql`${workspaces.slug} = ${demo.workspace.slug}`);
    if (!workspace) throw new Error("demo workspace missing after insert");
    await tx
      .insert(users)
      .values(demo.team.map((member) => ({ ...member, workspaceId: workspace.id, passwordHash })))
      .onConflictDoNothing({ target: users.email });
    await tx
      .insert(customers)
      .values(demo.customers.map((customer) => ({ ...customer, workspaceId: workspace.id })))
      .onConflictDoNothing({ target: [customers.workspaceId, customers.email] });
  });
}

export async function seedDemoIfEmpty(db: Db) {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(workspaces);
  if (row?.count === 0) await seedDemo(db);
}
