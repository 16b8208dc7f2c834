import { DEMO_PASSWORD, emailsTo, expect, firstLink, test } from "./fixtures";

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

test("sign out ends the session", async ({ signIn }) => {
  const page = await signIn("bob@acme.test");
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
  // A new workspace is empty, and sees nobody from Acme.
  await page.goto("/messenger?view=sent");
  await expect(
    page.getByRole("region", { name: "Internal Sent conversations" }).getByText("No conversations yet"),
  ).toBeVisible();
  await page.goto("/messenger?view=sent&draft=user");
  await page.getByRole("combobox", { name: "To" }).fill("@a");
  await expect(page.getByText("No teammates match.")).toBeVisible();
});

test("an emailed sign-in link signs in once", async ({ newContext }) => {
  const page = await (await newContext()).newPage();
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill("alice@acme.test");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

  // It is sent at once, through the (fake) Resend, with the link in its plain-text part.
  await expect.poll(async () => (await emailsTo("alice@acme.test")).length).toBeGreaterThan(0);
  const [email] = (await emailsTo("alice@acme.test")).slice(-1);
  expect(email?.subject).toBe("Your sign-in link for Acme Support");
  const link = firstLink(email?.text ?? "");
  expect(link).toContain("/api/auth/callback/email-link");
  expect(email?.html).toContain(link.replaceAll("&", "&amp;"));

  const fresh = await (await newContext()).newPage();
  await fresh.goto(link);
  await expect(fresh).toHaveURL(/\/messenger/);
  await expect(fresh.getByRole("button", { name: /Account menu for Alice Admin/ })).toBeVisible();

  // Used once: a second visit is refused.
  const again = await (await newContext()).newPage();
  await again.goto(link);
  await expect(again).toHaveURL(/\/login/);
  await expect(again.getByRole("alert").filter({ hasText: "expired or was already used" })).toBeVisible();
});

test("the dev mailbox is off once real email is configured", async ({ signIn }) => {
  const alice = await signIn("alice@acme.test");
  const response = await alice.goto("/dev/mailbox");
  expect(response?.status()).toBe(404);
});
