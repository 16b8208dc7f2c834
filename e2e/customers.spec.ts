import { expect, expectNoAxeViolations, test, writeToCustomer } from "./fixtures";

test("an admin adds a customer, edits them, finds them, and merges a second address into them", async ({
  signIn,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const home = `kim-${run}@home.test`;
  const work = `kim-${run}@work.test`;
  const alice = await signIn("alice@acme.test");

  // Kim at work writes in first: a conversation the merge must carry over.
  const conversationId = await writeToCustomer(alice, work, `Your order ${run}`);

  await alice.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers" }).click();
  await expect(alice.getByRole("heading", { name: "Customers", level: 1 })).toBeVisible();
  await alice.getByRole("button", { name: "Add customer" }).click();
  const add = alice.getByRole("dialog", { name: "Add a customer" });
  await add.getByLabel("Name").fill(`Kim ${run}`);
  await add.getByLabel("Email").fill(work);
  await add.getByRole("button", { name: "Add customer" }).click();
  await expect(
    add.getByText("Another customer already has this email address.", { exact: false }),
  ).toBeVisible();
  await add.getByLabel("Email").fill(home);
  await add.getByRole("button", { name: "Add customer" }).click();
  await expect(add).toBeHidden();

  const list = alice.getByRole("list", { name: "Customers" });
  await alice.getByRole("searchbox", { name: "Search customers" }).fill(run);
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await list.getByRole("link", { name: `Kim ${run}` }).click();
  await expect(alice.getByRole("heading", { name: `Kim ${run}`, level: 1 })).toBeVisible();
  await expect(alice.getByText("No conversations yet.", { exact: false })).toBeVisible();

  await alice.getByRole("button", { name: `Edit Kim ${run}` }).click();
  const edit = alice.getByRole("dialog", { name: `Edit Kim ${run}` });
  await edit.getByLabel("Name").fill(`Kim Keeper ${run}`);
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(alice.getByRole("heading", { name: `Kim Keeper ${run}`, level: 1 })).toBeVisible();

  await alice.getByRole("button", { name: "Merge a duplicate" }).click();
  const merge = alice.getByRole("dialog", { name: `Merge a duplicate into Kim Keeper ${run}` });
  await merge.getByRole("searchbox", { name: "Find the duplicate" }).fill(work);
  await merge.getByRole("button", { name: new RegExp(`Choose .*${work}`) }).click();
  await expect(merge.getByRole("alert")).toContainText(`Kim Keeper ${run} is kept.`);
  // The "saved" toast fades in and out with colours axe cannot judge: it goes first.
  await expect(alice.locator("[data-sonner-toast]")).toHaveCount(0);
  await expectNoAxeViolations(alice);
  await merge.getByRole("button", { name: `Merge into Kim Keeper ${run}` }).click();
  await expect(merge).toBeHidden();

  const conversations = alice.getByRole("list", { name: "Conversations" });
  await expect(conversations.getByRole("link")).toHaveCount(1);
  await expect(conversations.getByRole("link")).toHaveAttribute("href", `/messenger/c/${conversationId}`);
  await alice.goto("/customers");
  await alice.getByRole("searchbox", { name: "Search customers" }).fill(run);
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(list).toContainText(home);
});
