import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { Pool } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrationsFolder } from "./client";

/**
 * A migration must keep the data it finds. Each test here migrates an empty database up to just
 * before one migration, writes rows the way the code of that time did, applies the rest, and
 * checks what became of them: on PGlite, and on Postgres when DATABASE_URL is set.
 */
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** An empty database, and a way to migrate it up to (not including) a migration tag, or all the way. */
async function openEmpty() {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const pglite = new PGlite();
    const db = drizzlePglite({ client: pglite });
    cleanups.push(() => pglite.close());
    return { db, migrate: (folder: string) => migratePglite(db, { migrationsFolder: folder }) };
  }
  const name = `helpdesk_migration_${randomUUID().replaceAll("-", "")}`;
  const admin = new Pool({ connectionString: serverUrl, max: 1 });
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const pool = new Pool({ connectionString: url.toString(), max: 2 });
  // Dropping the database ends its connections; a client closing at that moment must not crash the run.
  pool.on("error", () => {});
  cleanups.push(async () => {
    await pool.end();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
  const db = drizzleNodePg({ client: pool });
  return { db, migrate: (folder: string) => migrateNodePg(db, { migrationsFolder: folder }) };
}

/** A copy of the migrations folder whose journal stops before `tag`. */
function migrationsBefore(tag: string) {
  const folder = mkdtempSync(path.join(tmpdir(), "migrations-"));
  cleanups.push(async () => rmSync(folder, { recursive: true, force: true }));
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalPath = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const index = journal.entries.findIndex((entry) => entry.tag === tag);
  expect(index).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, index);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

const rowsOf = async <T>(result: Promise<unknown>) => ((await result) as { rows: T[] }).rows;

describe("0007: channel-neutral deliveries", () => {
  it("keeps every pending, emailed and failed delivery, and every email in flight, as it was", async () => {
    const { db, migrate } = await openEmpty();
    await migrate(migrationsBefore("0007_channel-neutral-deliveries"));
    const [ws, alice, bob, dana, conv, customerConv] = Array.from({ length: 6 }, () => randomUUID());
    await db.execute(sql`insert into workspaces (id, slug, name) values (${ws}, 'acme', 'Acme')`);
    await db.execute(sql`insert into users (id, workspace_id, name, email) values
      (${alice}, ${ws}, 'Alice', 'alice@acme.test'), (${bob}, ${ws}, 'Bob', 'bob@acme.test')`);
    await db.execute(
      sql`insert into customers (id, workspace_id, name, email) values (${dana}, ${ws}, 'Dana', 'dana@c.test')`,
    );
    await db.execute(sql`insert into conversations (id, workspace_id, kind, last_message_seq) values
      (${conv}, ${ws}, 'internal', 4), (${customerConv}, ${ws}, 'customer', 1)`);
    const messageIds = Array.from({ length: 4 }, () => randomUUID());
    for (const [index, id] of messageIds.entries())
      await db.execute(sql`insert into messages (id, workspace_id, conversation_id, seq, author_kind, author_user_id, body)
        values (${id}, ${ws}, ${conv}, ${index + 1}, 'user', ${alice}, 'hi')`);
    // A system line left public in a customer conversation by older code.
    const systemLine = randomUUID();
    await db.execute(sql`insert into messages (id, workspace_id, conversation_id, seq, author_kind, author_user_id, body)
      values (${systemLine}, ${ws}, ${customerConv}, 1, 'system', ${alice}, 'Alice added Bob')`);
    // Three emails: one sent, one waiting for a retry, one failed for good.
    const [sentBatch, retryBatch, failedBatch] = [randomUUID(), randomUUID(), randomUUID()];
    await db.execute(sql`insert into email_batches (id, status, attempts, last_error) values
      (${sentBatch}, 'sent', 1, null), (${retryBatch}, 'pending', 2, '500 from the provider'),
      (${failedBatch}, 'failed', 6, '422 refused')`);
    const [sentEmail, retryEmail, failedEmail] = [randomUUID(), randomUUID(), randomUUID()];
    await db.execute(sql`insert into email_outbox (id, batch_id, workspace_id, "to", subject, html, text, status, attempts, last_error, sent_at) values
      (${sentEmail}, ${sentBatch}, ${ws}, 'bob@acme.test', 's', 'h', 't', 'sent', 1, null, timestamptz '2026-11-01 10:00Z'),
      (${retryEmail}, ${retryBatch}, ${ws}, 'bob@acme.test', 's', 'h', 't', 'pending', 2, '500 from the provider', null),
      (${failedEmail}, ${failedBatch}, ${ws}, 'bob@acme.test', 's', 'h', 't', 'failed', 6, '422 refused', null)`);
    const delivery = (message: string | undefined, status: string, emailId: string | null) =>
      db.execute(sql`insert into deliveries (workspace_id, message_id, conversation_id, recipient_user_id, channel, status, due_at, email_id)
        values (${ws}, ${message}, ${conv}, ${bob}, 'email', ${status}::delivery_status, timestamptz '2026-11-01 09:59Z', ${emailId})`);
    await delivery(messageIds[0], "pending", null);
    await delivery(messageIds[1], "emailed", sentEmail);
    await delivery(messageIds[2], "emailed", retryEmail);
    await delivery(messageIds[3], "failed", failedEmail);

    await migrate(migrationsFolder);

    const rows = await rowsOf<Record<string, unknown>>(
      db.execute(sql`select message_id, status::text, attempts, last_error, sent_at, carrier_id, channel::text
        from deliveries order by message_id`),
    );
    const byMessage = new Map(rows.map((row) => [row.message_id, row]));
    expect(byMessage.get(messageIds[0])).toMatchObject({
      status: "pending",
      carrier_id: null,
      sent_at: null,
    });
    expect(byMessage.get(messageIds[1])).toMatchObject({
      status: "sent",
      carrier_id: sentEmail,
      attempts: 1,
    });
    expect(new Date(byMessage.get(messageIds[1])?.sent_at as string).toISOString()).toBe(
      "2026-11-01T10:00:00.000Z",
    );
    expect(byMessage.get(messageIds[2])).toMatchObject({
      status: "queued",
      carrier_id: retryEmail,
      last_error: null,
    });
    expect(byMessage.get(messageIds[3])).toMatchObject({
      status: "failed",
      carrier_id: failedEmail,
      attempts: 6,
      last_error: "422 refused",
    });
    // The email still in flight is untouched: the sender retries it as before, with the same key.
    const batches = await rowsOf<Record<string, unknown>>(
      db.execute(sql`select id, status::text, attempts from email_batches order by attempts`),
    );
    expect(batches).toEqual([
      { id: sentBatch, status: "sent", attempts: 1 },
      { id: retryBatch, status: "pending", attempts: 2 },
      { id: failedBatch, status: "failed", attempts: 6 },
    ]);
    const [line] = await rowsOf<{ visibility: string }>(
      db.execute(sql`select visibility::text from messages where id = ${systemLine}`),
    );
    expect(line?.visibility).toBe("internal");
    // The channel's claim finds the pending one off the new index.
    const due = await rowsOf<{ message_id: string }>(
      db.execute(
        sql`select message_id from deliveries where channel = 'email' and status = 'pending' and due_at <= now()`,
      ),
    );
    expect(due.map((row) => row.message_id)).toEqual([messageIds[0]]);
  });
});
