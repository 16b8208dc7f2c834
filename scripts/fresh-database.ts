/**
 * Drops and recreates the Postgres database named in DATABASE_URL, migrates it and seeds the demo
 * workspace: a fleet of app instances under test starts on it (playwright.fleet.config.ts).
 *   DATABASE_URL=postgres://…/helpdesk_fleet tsx scripts/fresh-database.ts
 */
import { Pool } from "pg";
import { openPostgres } from "@/db/client";
import { seedDemo } from "@/db/seed-demo";

const url = new URL(process.env.DATABASE_URL ?? "");
const name = url.pathname.slice(1);
if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`DATABASE_URL must name a database: "${name}"`);
const server = new URL(url);
server.pathname = "/postgres";
const admin = new Pool({ connectionString: server.toString(), max: 1 });
await admin.query(`drop database if exists ${name} with (force)`);
await admin.query(`create database ${name}`);
await admin.end();

const connection = await openPostgres(url.toString(), { max: 2 });
await seedDemo(connection.db);
await connection.close();
console.log(`${name}: migrated and seeded`);
