import { randomUUID } from "node:crypto";
import { Pool } from "pg";
import type { TeamActor } from "@/lib/auth/actor";
import { type Connection, openPglite, openPostgres } from "./client";
import { customers, users, workspaces } from "./schema";

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database
 * on the Postgres server in DATABASE_URL, dropped on close, so files never see each other's rows.
 */
export async function createTestDb(): Promise<Connection> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return openPglite();
  const name = `helpdesk_test_${randomUUID().replaceAll("-", "")}`;
  const admin = new Pool({ connectionString: serverUrl, max: 1 });
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connection = await openPostgres(url.toString(), { max: 8 });
  return {
    db: connection.db,
    close: async () => {
      await connection.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A workspace with the named team members and customers, and an actor for each team member. */
export async function createWorkspace(
  { db }: Connection,
  spec: { slug: string; team: string[]; customers?: string[] },
) {
  const [workspace] = await db.insert(workspaces).values({ slug: spec.slug, name: spec.slug }).returning();
  if (!workspace) throw new Error("no workspace");
  const team = await db
    .insert(users)
    .values(
      spec.team.map((name, index) => ({
        workspaceId: workspace.id,
        name,
        email: `${name.toLowerCase().replaceAll(" ", ".")}@${spec.slug}.test`,
        role: index === 0 ? ("admin" as const) : ("member" as const),
      })),
    )
    .returning();
  const customerRows = spec.customers?.length
    ? await db
        .insert(customers)
        .values(
          spec.customers.map((name) => ({
            workspaceId: workspace.id,
            name,
            email: `${name.toLowerCase().replaceAll(" ", ".")}@customer.test`,
          })),
        )
        .returning()
    : [];
  const actors = Object.fromEntries(
    team.map((user): [string, TeamActor] => [
      user.name,
      { kind: "user", userId: user.id, workspaceId: workspace.id, name: user.name, role: user.role },
    ]),
  );
  return { workspace, team, customers: customerRows, actors };
}
