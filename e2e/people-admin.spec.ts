import type { Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, expectNoAxeViolations, signInToChat, test } from "./fixtures";

/** The Team page's list of members, and the Customers page's list. */
const members = (page: Page) => page.getByRole("list", { name: "Team members" });
const customers = (page: Page) => page.getByRole("list", { name: "Customers" });

/** Types a password sign-in on the login page Carol is on. */
async function tryPassword(page: Page, email: string) {
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test.describe.configure({ mode: "serial" });

test("an admin deactivates a member on the Team page: she is out at once, her password stops working, and reactivated she is back", async ({
  signIn,
}) => {
  const carol = await signIn("carol@acme.test");
  // The pages are the admins': a member is sent elsewhere, and has no link to them.
  await carol.goto("/customers");
  await expect(carol).toHaveURL(/\/messenger$/);
  await carol.goto("/settings/notifications");
  await expect(carol.getByRole("navigation", { name: "Main" })).not.toContainText("Customers");
  await expect(carol.getByRole("navigation", { name: "Settings" })).not.toContainText("Team");
  await carol.goto("/messenger");

  const alice = await signIn("alice@acme.test");
  await alice.goto("/settings/notifications");
  await alice.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Team" }).click();
  await expect(alice).toHaveURL(/\/settings\/team$/);
  await expect(alice.getByRole("heading", { name: "Team", level: 1 })).toBeVisible();
  // Every row but her own has the button.
  await expect(members(alice).getByRole("listitem")).toHaveCount(3);
  await expect(alice.getByRole("button", { name: "Deactivate Alice Admin" })).toHaveCount(0);

  await alice.getByRole("button", { name: "Deactivate Carol Chen" }).click();
  const confirm = alice.getByRole("alertdialog", { name: "Deactivate Carol Chen?" });
  await expect(confirm).toContainText(
    "Carol Chen is signed out everywhere at once and can no longer sign in or receive messages.",
  );
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expectNoAxeViolations(alice);
  await confirm.getByRole("button", { name: "Deactivate" }).click();
  await expect(confirm).toBeHidden();
  const carolsRow = members(alice).getByRole("listitem").filter({ hasText: "Carol Chen" });
  await expect(carolsRow).toContainText("Deactivated");

  // Carol's next navigation lands on the sign-in page, and her password no longer opens anything.
  await carol
    .getByRole("navigation", { name: "Views" })
    .getByRole("link", { name: /Internal Sent/ })
    .click();
  await expect(carol).toHaveURL(/\/login/);
  await tryPassword(carol, "carol@acme.test");
  await expect(carol.locator("form").getByRole("alert")).toHaveText("Email or password is incorrect.");
  await expect(carol).toHaveURL(/\/login/);

  await alice.getByRole("button", { name: "Reactivate Carol Chen" }).click();
  await expect(carolsRow).not.toContainText("Deactivated");
  await expect(alice.getByRole("button", { name: "Deactivate Carol Chen" })).toBeVisible();
  await tryPassword(carol, "carol@acme.test");
  await expect(carol).toHaveURL(/\/messenger/);
});

test("an admin revokes a customer: their next send fails, a reload shows the sign-in form", async ({
  signIn,
  newContext,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const address = `revoked-${run}@customer.test`;
  const name = `revoked-${run}`; // a new customer is named after their address until they say otherwise
  const customer = await (await newContext()).newPage();
  await signInToChat(customer, address);
  await customer.getByRole("button", { name: "New conversation" }).click();
  await customer.getByRole("textbox", { name: "Message" }).fill(`Before ${run}`);
  await customer.getByRole("button", { name: "Send" }).click();
  await expect(customer).toHaveURL(/\/chat\/acme\/c\//);
  const history = customer.getByRole("list", { name: "Conversation history" });
  await expect(history.getByText(`Before ${run}`)).toBeVisible();

  const alice = await signIn("alice@acme.test");
  await alice.goto("/customers");
  await alice.getByRole("searchbox", { name: "Search customers" }).fill(run);
  await expect(customers(alice).getByRole("listitem")).toHaveCount(1);
  await alice.getByRole("button", { name: `Revoke access for ${name}` }).click();
  const confirm = alice.getByRole("alertdialog", { name: `Revoke ${name}'s access?` });
  await expect(confirm).toContainText(
    `${name} is signed out of the chat everywhere at once, cannot sign in again, and is emailed nothing.`,
  );
  await confirm.getByRole("button", { name: "Revoke access" }).click();
  await expect(confirm).toBeHidden();
  await expect(customers(alice).getByRole("listitem")).toContainText("Revoked");

  // The chat page is still open: the next send is refused, and a reload asks them to sign in.
  await customer.getByRole("textbox", { name: "Message" }).fill(`After ${run}`);
  await customer.getByRole("button", { name: "Send" }).click();
  await expect(history).toContainText("Your chat session has ended");
  await customer.reload();
  // Signed out, the chat page is a visitor's again: a message box, and Sign in.
  await expect(customer.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(customer.locator("body")).not.toContainText(`Before ${run}`);

  await alice.getByRole("button", { name: `Restore access for ${name}` }).click();
  await expect(customers(alice).getByRole("listitem")).not.toContainText("Revoked");
});

test("the Customers page: customers found by search and paged with Show more, fit for a phone and for axe", async ({
  signIn,
}) => {
  test.setTimeout(120_000);
  const run = Math.random().toString(36).slice(2, 8);
  // One more customer than a page holds, added as new customers of one conversation.
  const addresses = Array.from(
    { length: 26 },
    (_, n) => `page-${run}-${String(n).padStart(2, "0")}@customer.test`,
  );
  const alice = await signIn("alice@acme.test");
  await alice.goto("/messenger?view=open&draft=customer");
  const to = alice.getByRole("combobox", { name: "To" });
  for (const address of addresses) {
    await to.fill(`@${address}`);
    await alice.getByRole("option", { name: new RegExp(address) }).click();
  }
  await alice.getByRole("textbox", { name: "Message" }).fill(`Welcome ${run}`);
  await alice.getByRole("button", { name: "Create new conversation" }).click();
  await expect(alice).toHaveURL(/\/messenger\/c\//);

  await alice.goto("/customers");
  await alice.getByRole("searchbox", { name: "Search customers" }).fill(`page-${run}`);
  // Newest first; the 26 were added together, so only the count and the set are certain.
  await expect(customers(alice).getByRole("listitem")).toHaveCount(25);
  await alice.getByRole("button", { name: "Show more" }).click();
  await expect(customers(alice).getByRole("listitem")).toHaveCount(26);
  await expect(alice.getByRole("button", { name: "Show more" })).toHaveCount(0);
  const shown = await customers(alice).getByRole("listitem").allTextContents();
  expect(addresses.every((address) => shown.some((row) => row.includes(address)))).toBe(true);

  await alice.getByRole("searchbox", { name: "Search customers" }).fill(`nobody-${run}`);
  await expect(alice.getByText(`No customers match “nobody-${run}”.`)).toBeVisible();
  await alice.getByRole("searchbox", { name: "Search customers" }).fill("");
  await expect(customers(alice).getByRole("listitem")).toHaveCount(25);
  await expectNoAxeViolations(alice);
  await alice.setViewportSize({ width: 1280, height: 900 });
  await alice.screenshot({ path: test.info().outputPath("people-1280.png"), fullPage: true });

  for (const width of [390, 360]) {
    await alice.setViewportSize({ width, height: 844 });
    await expect(customers(alice)).toBeVisible();
    expect(await alice.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await alice.screenshot({ path: test.info().outputPath(`people-${width}.png`), fullPage: true });
  }
  await expectNoAxeViolations(alice);
  await alice
    .getByRole("button", { name: /^Revoke access for / })
    .first()
    .click();
  await expect(alice.getByRole("alertdialog")).toBeVisible();
  expect(await alice.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await alice.screenshot({ path: test.info().outputPath("people-360-confirm.png") });
  await alice.getByRole("alertdialog").getByRole("button", { name: "Cancel" }).click();
  await expect(alice.getByRole("alertdialog")).toHaveCount(0);
});
