import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers } from "@/db/schema";
import { openTestWorkspaces } from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { setCustomerAccess, setMemberActive } from "./access-control";
import { listWorkspaceCustomers, listWorkspaceMembers } from "./directory";

let alice: TeamActor;
let bob: TeamActor;
let olga: TeamActor;
const { db, workspace } = openTestWorkspaces(
  [
    { slug: "acme", team: ["Alice Admin", "Bob Builder", "Carol Chen"], customers: ["Dana Diaz"] },
    { slug: "globex", team: ["Olga Other"], customers: ["Gina Globex"] },
  ],
  ({ member }) => {
    [alice, bob, olga] = [member("Alice Admin"), member("Bob Builder"), member("Olga Other")];
  },
);

/** Adds customers to a workspace at the given times (ISO, to the microsecond). */
async function addCustomers(workspaceId: string, people: { name: string; at: string }[]) {
  await db()
    .insert(customers)
    .values(
      people.map(({ name, at }) => ({
        workspaceId,
        name,
        email: `${name.toLowerCase().replaceAll(" ", ".")}@customer.test`,
        createdAt: sql`${at}::timestamptz` as unknown as Date,
      })),
    );
}

/** Every page of a listing, following its cursor to the end. */
async function allPages(actor: TeamActor, options: { query?: string; limit: number }) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await listWorkspaceCustomers(db(), { actor, ...options, cursor });
    pages.push(page.rows.map((row) => row.name));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 50);
  return pages;
}

describe("the admin's list of members", () => {
  it("shows every member of the admin's own workspace by name, deactivated ones marked", async () => {
    await setMemberActive(db(), { actor: alice, userId: bob.userId, active: false });
    try {
      const { members, more } = await listWorkspaceMembers(db(), { actor: alice });
      expect(more).toBe(false);
      expect(members.map(({ name, role, deactivated }) => ({ name, role, deactivated }))).toEqual([
        { name: "Alice Admin", role: "admin", deactivated: false },
        { name: "Bob Builder", role: "member", deactivated: true },
        { name: "Carol Chen", role: "member", deactivated: false },
      ]);
      expect(members[0]?.email).toBe("alice.admin@acme.test");
      // Globex's admin sees Globex's member only.
      expect((await listWorkspaceMembers(db(), { actor: olga })).members.map((m) => m.name)).toEqual([
        "Olga Other",
      ]);
    } finally {
      await setMemberActive(db(), { actor: alice, userId: bob.userId, active: true });
    }
  });

  it("says when the list is cut short", async () => {
    const { members, more } = await listWorkspaceMembers(db(), { actor: alice, limit: 2 });
    expect(members.map((m) => m.name)).toEqual(["Alice Admin", "Bob Builder"]);
    expect(more).toBe(true);
  });

  it("is for admins only", async () => {
    await expect(listWorkspaceMembers(db(), { actor: bob })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("the admin's list of customers", () => {
  it("pages newest first through every customer exactly once, even those added together or a microsecond apart", async () => {
    const acme = workspace("acme").workspace.id;
    await addCustomers(acme, [
      // One statement's rows share a time: the id orders them.
      ...["Tie One", "Tie Two", "Tie Three", "Tie Four"].map((name) => ({
        name,
        at: "2030-01-01T10:00:00.000000Z",
      })),
      // Apart by less than a millisecond, which a JavaScript Date cannot tell apart.
      { name: "Micro Later", at: "2030-01-02T10:00:00.123456Z" },
      { name: "Micro Earlier", at: "2030-01-02T10:00:00.123400Z" },
      { name: "Newest", at: "2030-01-03T10:00:00Z" },
    ]);
    const everyone = (await listWorkspaceCustomers(db(), { actor: alice, limit: 100 })).rows.map(
      (row) => row.name,
    );
    expect(everyone.slice(0, 3)).toEqual(["Newest", "Micro Later", "Micro Earlier"]);
    expect(everyone.slice(3, 7).sort()).toEqual(["Tie Four", "Tie One", "Tie Three", "Tie Two"]);
    expect(everyone.at(-1)).toBe("Dana Diaz"); // made with the workspace, before the test's
    expect(everyone).not.toContain("Gina Globex");

    for (const limit of [1, 2, 3]) {
      const pages = await allPages(alice, { limit });
      expect(pages.flat(), `pages of ${limit}`).toEqual(everyone);
      expect(pages.every((page) => page.length <= limit)).toBe(true);
    }
  });

  it("marks revoked customers", async () => {
    const dana = workspace("acme").customer("Dana Diaz");
    await setCustomerAccess(db(), { actor: alice, customerId: dana.customerId, revoked: true });
    const find = async () =>
      (await listWorkspaceCustomers(db(), { actor: alice, query: "Dana" })).rows.map(({ name, revoked }) => ({
        name,
        revoked,
      }));
    expect(await find()).toEqual([{ name: "Dana Diaz", revoked: true }]);
    await setCustomerAccess(db(), { actor: alice, customerId: dana.customerId, revoked: false });
    expect(await find()).toEqual([{ name: "Dana Diaz", revoked: false }]);
  });

  it("searches names and emails in the admin's workspace, paged like the whole list", async () => {
    const acme = workspace("acme").workspace.id;
    await addCustomers(acme, [
      { name: "Sam Search", at: "2031-01-01T00:00:00Z" },
      { name: "Sue Search", at: "2031-01-02T00:00:00Z" },
      { name: "Sid Search", at: "2031-01-03T00:00:00Z" },
      { name: "Percent 100% Sure", at: "2031-01-04T00:00:00Z" },
    ]);
    expect(await allPages(alice, { query: " search ", limit: 2 })).toEqual([
      ["Sid Search", "Sue Search"],
      ["Sam Search"],
    ]);
    // The email matches too, and a wildcard is a plain character.
    expect((await allPages(alice, { query: "sue.search@", limit: 5 })).flat()).toEqual(["Sue Search"]);
    expect((await allPages(alice, { query: "100%", limit: 5 })).flat()).toEqual(["Percent 100% Sure"]);
    expect((await allPages(alice, { query: "%", limit: 5 })).flat()).toEqual(["Percent 100% Sure"]);
    // Another workspace's customer is not found, and Globex's admin finds none of Acme's.
    expect((await allPages(alice, { query: "Gina", limit: 5 })).flat()).toEqual([]);
    expect((await allPages(olga, { query: "Search", limit: 5 })).flat()).toEqual([]);
    expect((await allPages(olga, { query: "", limit: 5 })).flat()).toEqual(["Gina Globex"]);
  });

  it("starts from the top for a cursor it did not make", async () => {
    const first = await listWorkspaceCustomers(db(), { actor: alice, limit: 2 });
    for (const cursor of [
      "not-a-cursor",
      Buffer.from('{"t":"0001-01-01T00:00:00Z","id":"x"}').toString("base64url"),
    ])
      expect(await listWorkspaceCustomers(db(), { actor: alice, limit: 2, cursor })).toEqual(first);
  });

  it("is for admins only", async () => {
    await expect(listWorkspaceCustomers(db(), { actor: bob })).rejects.toMatchObject({ code: "forbidden" });
  });
});
