import { expect, expectNoAxeViolations, mentioning, setEmailDelay, test } from "./fixtures";

test("the receipt: Alice writes to Bob and Carol; Bob reads it, Carol is emailed, and the receipt shows both", async ({
  signIn,
}) => {
  const text = `Release notes ${Math.random().toString(36).slice(2, 8)}`;
  const alice = await signIn("alice@acme.test");
  // Bob is signed in before the message goes, and has the delay to open it: time enough on a busy
  // machine, where signing in alone can take seconds.
  const bob = await signIn("bob@acme.test");
  await setEmailDelay(alice, 10);

  await alice.goto("/messenger?view=sent&draft=user");
  const to = alice.getByRole("combobox", { name: "To" });
  for (const who of ["Bob Builder", "Carol Chen"]) {
    await to.fill(`@${who.split(" ")[0]}`);
    await alice.getByRole("option", { name: new RegExp(who) }).click();
  }
  await alice.getByRole("textbox", { name: "Message" }).fill(text);
  await alice.getByRole("button", { name: "Create new conversation" }).click();
  await expect(alice).toHaveURL(/\/messenger\/c\//);

  // Bob opens it at once; Carol is not in the app, and is emailed after the delay.
  await bob.goto(alice.url());
  await expect(bob.getByRole("list", { name: "Conversation history" }).getByText(text)).toBeVisible();
  await expect.poll(() => mentioning("carol@acme.test", text), { timeout: 30_000 }).toHaveLength(1);
  expect(await mentioning("bob@acme.test", text)).toHaveLength(0);

  const message = alice
    .getByRole("list", { name: "Conversation history" })
    .getByRole("listitem")
    .filter({ hasText: text });
  await message.hover();
  await message.getByRole("button", { name: "Delivery" }).click();
  const receipt = alice.getByRole("dialog", { name: "Delivery" });
  const recipients = receipt.getByRole("list", { name: "Recipients" });
  await expect(recipients.getByRole("listitem").filter({ hasText: "Bob Builder" }).first()).toContainText(
    "Seen",
  );
  await expect(recipients.getByRole("listitem").filter({ hasText: "Carol Chen" }).first()).toContainText(
    "Emailed",
  );
  await expect(recipients.getByRole("listitem").filter({ hasText: "Carol Chen" }).first()).toContainText(
    "accepted by the mail provider",
  );
  await expect(receipt.getByText("Alice Admin")).toHaveCount(0);
  await expectNoAxeViolations(alice);
  await alice.keyboard.press("Escape");
  await expect(receipt).toBeHidden();
});
