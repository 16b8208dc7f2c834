import { describe, expect, it } from "vitest";
import { openTestWorkspaces, startTestCustomerConversation } from "@/db/testing";
import type { TeamActor } from "@/lib/auth/actor";
import { createItem } from "@/lib/items/create-item";
import { getCustomerDetail } from "./customer-detail";
import { addCustomer, updateCustomer } from "./customer-records";

let alice: TeamActor;
let bob: TeamActor;
let olga: TeamActor;
const { db } = openTestWorkspaces(
  [
    { slug: "acme", team: ["Alice Admin", "Bob Builder"], customers: ["Dana Diaz"] },
    { slug: "globex", team: ["Olga Other"] },
  ],
  ({ member }) => {
    [alice, bob, olga] = [member("Alice Admin"), member("Bob Builder"), member("Olga Other")];
  },
);

const fields = (name: string, email: string) => ({ name, email });

describe("adding and editing a customer", () => {
  it("adds a customer by name and address, and refuses an address another customer has", async () => {
    const added = await addCustomer(db(), {
      actor: alice,
      fields: fields("Frank Fox", "frank@customer.test"),
    });
    expect(added).toMatchObject({ name: "Frank Fox", email: "frank@customer.test" });
    await expect(
      addCustomer(db(), { actor: alice, fields: fields("Frank Again", "frank@customer.test") }),
    ).rejects.toMatchObject({ code: "email_taken" });
    // Another workspace may know the same address as a customer of its own.
    await expect(
      addCustomer(db(), { actor: olga, fields: fields("Frank Fox", "frank@customer.test") }),
    ).resolves.toMatchObject({ email: "frank@customer.test" });
  });

  it("changes a customer's name and address", async () => {
    const { id } = await addCustomer(db(), { actor: alice, fields: fields("Gail", "gail@customer.test") });
    const updated = await updateCustomer(db(), {
      actor: alice,
      customerId: id,
      fields: fields("Gail Green", "gail.green@customer.test"),
    });
    expect(updated).toEqual({ id, name: "Gail Green", email: "gail.green@customer.test" });
    await expect(
      updateCustomer(db(), {
        actor: alice,
        customerId: id,
        fields: fields("Gail", "dana.diaz@customer.test"),
      }),
    ).rejects.toMatchObject({ code: "email_taken" });
  });

  it("is for admins, each of their own workspace's customers only", async () => {
    const { id } = await addCustomer(db(), { actor: alice, fields: fields("Hal", "hal@customer.test") });
    const change = { customerId: id, fields: fields("Hacked", "hacked@customer.test") };
    await expect(
      addCustomer(db(), { actor: bob, fields: fields("Bob's", "bobs@customer.test") }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(updateCustomer(db(), { actor: bob, ...change })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(updateCustomer(db(), { actor: olga, ...change })).rejects.toMatchObject({
      code: "customer_not_found",
    });
    await expect(getCustomerDetail(db(), { actor: bob, customerId: id })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(getCustomerDetail(db(), { actor: olga, customerId: id })).rejects.toMatchObject({
      code: "customer_not_found",
    });
    expect((await getCustomerDetail(db(), { actor: alice, customerId: id })).customer.name).toBe("Hal");
  });
});

describe("a customer's page", () => {
  it("lists their conversations, newest first, and their tickets", async () => {
    const { id } = await addCustomer(db(), { actor: alice, fields: fields("Ivy", "ivy@customer.test") });
    const first = await startTestCustomerConversation(db(), {
      from: alice,
      customers: [id],
      body: "Your order shipped\nTracking below",
    });
    const second = await startTestCustomerConversation(db(), {
      from: alice,
      customers: [id],
      body: "Hello Ivy",
    });
    const ticket = await createItem(db(), {
      actor: alice,
      kind: "ticket",
      title: "Ivy's order",
      requesterCustomerId: id,
    });
    const detail = await getCustomerDetail(db(), { actor: alice, customerId: id });
    // Each shown with how it began, having no subject.
    expect(detail.conversations.rows.map((row) => [row.id, row.opening])).toEqual([
      [second.conversationId, "Hello Ivy"],
      [first.conversationId, "Your order shipped\nTracking below"],
    ]);
    expect(detail.tickets.rows.map((row) => row.number)).toEqual([ticket.number]);

    const cut = await getCustomerDetail(db(), { actor: alice, customerId: id, limit: 1 });
    expect(cut.conversations).toMatchObject({ more: true, rows: [{ id: second.conversationId }] });
  });
});
