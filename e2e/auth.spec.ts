import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, signIn } from "./fixtures";

test("team pages send visitors without a session to the sign-in page", async ({ page }) => {
  await page.goto("/messenger?view=sent");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("a wrong password and an unknown email get the same answer", async ({ page }) => {
  for (const { email, password } of [
    { email: "alice@acme.test", password: "wrong-password" },
    { email: "nobody@acme.test", password: DEMO_PASSWORD },
  ]) {
    await page.goto("/login");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(
      page.getByRole("alert").filter({ hasText: "Email or password is incorrect." }),
    ).toBeVisible();
  }
});

test("sign out ends the session", async ({ browser }) => {
  const page = await signIn(browser, "bob@acme.test");
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/messenger");
  await expect(page).toHaveURL(/\/login/);
});

test("sign up creates a workspace with its first admin", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Workspace name").fill("Initech Help");
  await page.getByLabel("Your name").fill("Peter Gibbons");
  await page.getByLabel("Email").fill("peter@initech.test");
  await page.getByLabel("Password").fill("a-long-password");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/messenger/);
  await expect(page.getByRole("link", { name: "Initech Help" })).toBeVisible();
  // A new workspace sees nobody from Acme.
  await page.goto("/messenger?view=sent&draft=user");
  await page.getByRole("combobox", { name: "To" }).fill("@a");
  await expect(page.getByText("No teammates match.")).toBeVisible();
});

test("an emailed sign-in link signs in once", async ({ browser, page }) => {
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill("bob@acme.test");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

  // The admin reads it in the dev mailbox (the outbox, with no provider configured).
  const alice = await signIn(browser, "alice@acme.test");
  await alice.goto("/dev/mailbox");
  const email = alice.getByRole("article", { name: /Email to bob@acme.test: Your sign-in link/ }).first();
  await email.getByText("Plain text").click();
  const text = (await email.locator("pre").textContent()) ?? "";
  const link = text.match(/https?:\/\/\S+/)?.[0];
  expect(link).toBeTruthy();

  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  await bob.goto(link as string);
  await expect(bob).toHaveURL(/\/messenger/);
  await expect(bob.getByRole("button", { name: /Account menu for Bob Builder/ })).toBeVisible();

  // Used once: a second visit is refused.
  const other = await (await browser.newContext()).newPage();
  await other.goto(link as string);
  await expect(other).toHaveURL(/\/login/);
  await expect(other.getByRole("alert").filter({ hasText: "expired or was already used" })).toBeVisible();
});

test("members cannot open the dev mailbox", async ({ browser }) => {
  const bob = await signIn(browser, "bob@acme.test");
  const response = await bob.goto("/dev/mailbox");
  expect(response?.status()).toBe(404);
});
