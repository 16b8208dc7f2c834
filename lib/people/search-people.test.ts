import { describe, expect, it } from "vitest";
import { customers } from "@/db/schema";
import { openTestWorkspaces } from "@/db/testing";
import { searchCustomers } from "./customers";
import { searchPeople, searchTeamMembers } from "./team-members";

const { db, member, workspace } = openTestWorkspaces(
  [
    {
      slug: "acme",
      team: ["Alice Admin", "Bob Builder", "Carol Chen", "Erik Larsson"],
      customers: ["Dana Diaz", "Erin Evans", "Peter Parker"],
    },
  ],
  async ({ db, workspace }) => {
    // Named nothing like "er", but the address starts with it.
    await db()
      .insert(customers)
      .values({
        workspaceId: workspace("acme").workspace.id,
        name: "Accounts Payable",
        email: "erp@vendor.test",
      });
  },
);
const names = (people: { name: string }[]) => people.map((person) => person.name);

describe("the @ search's order", () => {
  it("puts names and addresses that start with the query before mere substring matches", async () => {
    const alice = member("Alice Admin");
    // "Bob Builder" sorts first by name, but only contains "er"; Erik's first name starts with it.
    expect(names(await searchTeamMembers(db(), { actor: alice, query: "er" }))).toEqual([
      "Erik Larsson",
      "Bob Builder",
    ]);
    // A last name counts as much as a first name.
    expect(names(await searchTeamMembers(db(), { actor: alice, query: "ch" }))).toEqual(["Carol Chen"]);
    expect(
      names(
        await searchCustomers(db(), { workspaceId: workspace("acme").workspace.id, query: "er", limit: 8 }),
      ),
      // Dana's address holds "er" inside (dana.diaz@custom-er.test).
    ).toEqual(["Accounts Payable", "Erin Evans", "Dana Diaz", "Peter Parker"]);
  });

  it("in a customer draft, lists customers before teammates among equally good matches", async () => {
    const found = await searchPeople(db(), { actor: member("Alice Admin"), query: "er" });
    expect(found.map(({ name, kind }) => `${name} (${kind})`)).toEqual([
      "Accounts Payable (customer)",
      "Erin Evans (customer)",
      "Erik Larsson (user)",
      "Dana Diaz (customer)",
      "Peter Parker (customer)",
      "Bob Builder (user)",
    ]);
    // What the picker gets: the person, not the rank it was sorted by.
    expect(found[0]).toEqual({
      id: expect.any(String),
      name: "Accounts Payable",
      email: "erp@vendor.test",
      kind: "customer",
    });
  });

  it("keeps the best matches when there are more than the limit", async () => {
    const found = await searchPeople(db(), { actor: member("Alice Admin"), query: "er", limit: 2 });
    expect(names(found)).toEqual(["Accounts Payable", "Erin Evans"]);
  });
});
