import { badge, chooseFromAddMenu, expect, test, unreadOf } from "./fixtures";

test("Alice and Bob talk privately; Carol cannot see it", async ({ signIn }) => {
  const hello = `Hi Bob, please check ticket 42, ${Math.random().toString(36).slice(2, 8)}`;
  // Bob is signed in already; other tests in the run may have left him some unread conversations.
  const bob = await signIn("bob@acme.test");
  const bobUnread = await unreadOf(bob);
  const alice = await signIn("alice@acme.test");
  await alice.getByRole("link", { name: "Internal Sent" }).click();
  const sentList = alice.getByRole("region", { name: "Internal Sent conversations" });

  // A draft, cancelled with X, stores nothing.
  await chooseFromAddMenu(alice, "Conversation with user");
  await expect(sentList.getByText("New conversation")).toBeVisible();
  await alice.getByRole("textbox", { name: "Message" }).fill("This draft is thrown away");
  await alice.getByRole("button", { name: "Cancel conversation" }).click();
  await expect(sentList.getByText("New conversation")).toBeHidden();
  await alice.reload();
  await expect(sentList.getByText("New conversation")).toBeHidden();
  await expect(sentList.getByText("This draft is thrown away")).toHaveCount(0);

  // A real one with Bob, chosen by typing @Bo and picking with the keyboard.
  await chooseFromAddMenu(alice, "Conversation with user");
  const to = alice.getByRole("combobox", { name: "To" });
  await to.fill("@Bo");
  await expect(alice.getByRole("option", { name: /Bob Builder/ })).toBeVisible();
  await to.press("ArrowDown");
  await to.press("Enter");
  await expect(alice.getByRole("button", { name: "Remove Bob Builder" })).toBeVisible();
  await alice.getByRole("textbox", { name: "Message" }).fill(hello);
  await alice.getByRole("button", { name: "Create new conversation" }).click();
  await expect(alice).toHaveURL(/\/messenger\/c\/[0-9a-f-]{36}/);
  const conversationUrl = alice.url();
  await expect(alice.getByRole("list", { name: "Conversation history" }).getByText(hello)).toBeVisible();
  await expect(sentList.getByRole("link", { name: new RegExp(`Bob Builder.*${hello}`) })).toBeVisible();

  // Bob finds it unread in his Internal Inbox.
  await expect(badge(bob, bobUnread + 1)).toBeVisible();
  const inbox = bob.getByRole("region", { name: "Internal Inbox conversations" });
  const row = inbox.getByRole("link", { name: new RegExp(`Alice Admin.*${hello}.*Unread`) });
  await expect(row).toBeVisible();
  await row.click();
  await expect(bob.getByRole("list", { name: "Conversation history" }).getByText(hello)).toBeVisible();
  await expect(badge(bob, bobUnread)).toBeVisible();

  // Bob replies: Shift+Enter adds a line, Enter sends.
  const reply = bob.getByRole("textbox", { name: "Message" });
  await reply.fill("On it.");
  await reply.press("Shift+Enter");
  await reply.pressSequentially("Will report back.");
  await reply.press("Enter");
  await expect(reply).toHaveValue("");
  await expect(
    bob.getByRole("list", { name: "Conversation history" }).getByText(/On it\.\s+Will report back\./),
  ).toBeVisible();
  await expect(bob.getByText("Sending…")).toBeHidden();

  // Alice sees the reply.
  await alice.goto(conversationUrl);
  await expect(
    alice.getByRole("list", { name: "Conversation history" }).getByText(/On it\.\s+Will report back\./),
  ).toBeVisible();

  // Carol is not in it: its address is a 404.
  const carol = await signIn("carol@acme.test");
  const response = await carol.goto(conversationUrl);
  expect(response?.status()).toBe(404);
  await expect(carol.getByText("Conversation not found")).toBeVisible();
  await expect(carol.getByText("Hi Bob")).toHaveCount(0);
});

test("adding a teammate shows them the history and a system line", async ({ signIn }) => {
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test");
  await alice.goto("/messenger?view=sent&draft=user");
  await alice.getByRole("button", { name: "Add people" }).click();
  const dialog = alice.getByRole("dialog", { name: "Add people" });
  await dialog.getByRole("button", { name: /Bob Builder/ }).click();
  await dialog.getByRole("button", { name: "Add", exact: true }).click();
  await expect(alice.getByRole("button", { name: "Remove Bob Builder" })).toBeVisible();
  await alice.getByRole("textbox", { name: "Message" }).fill(`History Carol should see ${run}`);
  await alice.getByRole("button", { name: "Create new conversation" }).click();
  await expect(alice).toHaveURL(/\/messenger\/c\//);

  await alice.getByRole("button", { name: "Add people" }).click();
  await alice
    .getByRole("dialog", { name: "Add people" })
    .getByRole("button", { name: /Carol Chen/ })
    .click();
  await alice
    .getByRole("dialog", { name: "Add people" })
    .getByRole("button", { name: "Add", exact: true })
    .click();
  await expect(
    alice.getByRole("list", { name: "Conversation history" }).getByText("Alice Admin added Carol Chen"),
  ).toBeVisible();

  // On top of Carol's Internal Inbox, among the others she has with Alice (the demo's, other tests'):
  // the newest, and the history says it is this one.
  const carol = await signIn("carol@acme.test");
  await carol
    .getByRole("region", { name: "Internal Inbox conversations" })
    .getByRole("link", { name: /Alice Admin/ })
    .first()
    .click();
  const messages = carol.getByRole("list", { name: "Conversation history" });
  await expect(messages.getByText(`History Carol should see ${run}`)).toBeVisible();
  await expect(messages.getByText("Alice Admin added Carol Chen")).toBeVisible();
});

test("an empty message is refused with a clear message", async ({ signIn }) => {
  const alice = await signIn("alice@acme.test");
  await alice.goto("/messenger?view=sent&draft=user");
  await alice.getByRole("combobox", { name: "To" }).fill("@Car");
  await alice.getByRole("option", { name: /Carol Chen/ }).click();
  await alice.getByRole("textbox", { name: "Message" }).fill("   ");
  await alice.getByRole("button", { name: "Create new conversation" }).click();
  await expect(alice.getByRole("alert").filter({ hasText: "Write a message first." })).toBeVisible();
  await expect(alice).toHaveURL(/draft=user/);
});

test("the messenger fits a phone screen, one pane at a time", async ({ signIn }) => {
  const alice = await signIn("alice@acme.test");
  await alice.setViewportSize({ width: 390, height: 844 });
  const fits = async () =>
    expect(await alice.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await alice.goto("/messenger?view=sent&draft=user");
  await alice.getByRole("combobox", { name: "To" }).fill("@Bo");
  await alice.getByRole("option", { name: /Bob Builder/ }).click();
  // One long unbroken word must wrap, not widen the page.
  await alice.getByRole("textbox", { name: "Message" }).fill(`https://example.test/${"a".repeat(300)}`);
  await fits();
  await alice.getByRole("button", { name: "Create new conversation" }).click();
  await expect(alice).toHaveURL(/\/messenger\/c\//);
  await expect(alice.getByRole("region", { name: "Internal Sent conversations" })).toBeHidden();
  await fits();

  await alice.getByRole("link", { name: "Back to Internal Sent" }).click();
  await expect(alice.getByRole("region", { name: "Internal Sent conversations" })).toBeVisible();
  await fits();
});
