import { expect, mentioning, setEmailDelay, startConversationWith, test } from "./fixtures";

test("Bob mutes a conversation, then gets an email and a bubble only when he is mentioned", async ({
  signIn,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test");
  await setEmailDelay(alice, 5);
  const url = await startConversationWith(alice, "Bob Builder", `Mute me ${run}`);

  // Bob opens it, mutes it, and goes back to his inbox, where a bubble could show.
  const bob = await signIn("bob@acme.test");
  await bob.goto(url);
  await bob.getByRole("button", { name: "Mute" }).click();
  await expect(bob.getByRole("button", { name: "Muted", pressed: true })).toBeVisible();
  await bob.goto("/messenger?view=inbox");
  const inbox = bob.getByRole("region", { name: "Internal Inbox conversations" });

  // A plain message moves his list, and nothing else.
  await alice.getByRole("textbox", { name: "Message" }).fill(`Just so you know ${run}`);
  await alice.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(inbox.getByRole("link", { name: new RegExp(`Just so you know ${run}`) })).toBeVisible();
  await expect(bob.getByRole("status", { name: /New message from Alice Admin/ })).toHaveCount(0);

  // A mention, picked with @ from the teammates who may see it, with the keyboard.
  const box = alice.getByRole("textbox", { name: "Message" });
  await box.pressSequentially("Please check @Bo");
  const list = alice.getByRole("listbox", { name: "Teammates to mention" });
  await expect(list.getByRole("option", { name: /Bob Builder/ })).toBeVisible();
  // Carol is not in this internal conversation, so she may not be mentioned in it.
  await expect(list.getByRole("option", { name: /Carol Chen/ })).toHaveCount(0);
  await box.press("Enter");
  await expect(box).toHaveValue("Please check @Bob Builder ");
  await box.pressSequentially(`the invoice ${run}`);
  await box.press("Enter");
  const history = alice.getByRole("list", { name: "Conversation history" });
  await expect(history.getByText("@Bob Builder")).toBeVisible();

  // It reaches Bob through his mute: a bubble saying so, and an email once the delay is over.
  await expect(bob.getByRole("status", { name: "Alice Admin mentioned you" })).toBeVisible();
  await expect
    .poll(() => mentioning("bob@acme.test", `the invoice ${run}`), { timeout: 20_000 })
    .toHaveLength(1);
  const [email] = await mentioning("bob@acme.test", `the invoice ${run}`);
  expect(email?.text).toContain(`Please check Bob Builder the invoice ${run}`);
  expect(await mentioning("bob@acme.test", `Just so you know ${run}`)).toHaveLength(0);

  // The Mentions view lists it, and opens the thread at it.
  await bob
    .getByRole("navigation", { name: "Views" })
    .getByRole("link", { name: /Mentions/ })
    .click();
  const mentions = bob.getByRole("region", { name: "Mentions" });
  await mentions.getByRole("link", { name: new RegExp(`the invoice ${run}`) }).click();
  await expect(bob).toHaveURL(/view=mentions/);
  const landed = bob.getByRole("list", { name: "Conversation history" }).locator("[aria-current=true]");
  await expect(landed).toContainText(`the invoice ${run}`);
  await expect(landed.getByText("@Bob Builder")).toBeVisible();
});
