// Runs against the embedded default (no email provider): emails stay in the outbox, and admins
// read them in the dev mailbox.
import { expect, test } from "./fixtures";

test("the dev mailbox shows an admin her own sign-in link, never a teammate's", async ({
  signIn,
  newContext,
}) => {
  const requestLink = async (email: string) => {
    const page = await (await newContext()).newPage();
    await page.goto("/login");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  };
  await requestLink("bob@acme.test");
  await requestLink("alice@acme.test");

  const alice = await signIn("alice@acme.test");
  await alice.goto("/dev/mailbox");
  const email = alice.getByRole("article", { name: /Email to alice@acme.test: Your sign-in link/ }).first();
  await email.getByText("Plain text").click();
  const link = ((await email.locator("pre").textContent()) ?? "").match(/https?:\/\/\S+/)?.[0] ?? "";
  expect(link).toContain("/login/link?token=");
  // Bob's link is his alone: an admin who could read it could sign in as Bob.
  await expect(alice.getByRole("article", { name: /Email to bob@acme.test/ })).toHaveCount(0);

  const fresh = await (await newContext()).newPage();
  await fresh.goto(link);
  await fresh.getByRole("button", { name: "Continue" }).click();
  await expect(fresh.getByRole("button", { name: "Alice Admin, account menu" })).toBeVisible();
});

test("members cannot open the dev mailbox: they are sent to the messenger", async ({ signIn }) => {
  const bob = await signIn("bob@acme.test");
  await bob.goto("/dev/mailbox");
  await expect(bob).toHaveURL(/\/messenger$/);
});
