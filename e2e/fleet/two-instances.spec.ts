import {
  badge,
  expect,
  mentioning,
  startConversationWith,
  test,
  typeUntilSeen,
  unreadOf,
  writeToCustomer,
} from "../fixtures";

/**
 * Two instances of the app on one database, as behind a load balancer: Alice's pages are served by
 * one, Bob's by the other. Everything live crosses between them (through Postgres NOTIFY on the
 * built-in driver, through the Soketi cluster on Pusher), and their sweeps share the work.
 */
test("Alice on one instance, Bob on the other: messages, typing, badges and read state cross", async ({
  signIn,
  baseURL,
  peers: [otherInstance],
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test");
  const bob = await signIn("bob@acme.test", { baseURL: otherInstance });
  // Bob's second tab is served by Alice's instance (the session is good on every instance).
  const bobOnAlicesInstance = await bob.context().newPage();
  await bobOnAlicesInstance.goto(`${baseURL}/messenger`);
  await bob.goto("/messenger");
  const before = await unreadOf(bob);

  const conversationUrl = await startConversationWith(alice, "Bob Builder", `Across instances ${run}`);
  await expect(badge(bob, before + 1)).toBeVisible();
  await expect(badge(bobOnAlicesInstance, before + 1)).toBeVisible();

  // Bob reads it on his instance: the tab served by Alice's drops its badge.
  await bob.goto(`${otherInstance}${new URL(conversationUrl).pathname}`);
  const bobsHistory = bob.getByRole("list", { name: "Conversation history" });
  await expect(bobsHistory.getByText(`Across instances ${run}`)).toBeVisible();
  await expect(badge(bobOnAlicesInstance, before)).toBeVisible();

  const composer = alice.getByRole("textbox", { name: "Message" });
  // Until Bob's page has subscribed to the thread (through the other instance, or Soketi's signed
  // round trip), a typing notice reaches nobody: type again until he sees one.
  await typeUntilSeen(composer, bob, "Alice Admin", "Still th");
  await composer.fill(`Still there? ${run}`);
  await composer.press("Enter");
  await expect(bobsHistory.getByText(`Still there? ${run}`)).toHaveCount(1);
  await expect(bob.getByText("Alice Admin is typing…")).toBeHidden();

  await bob.getByRole("textbox", { name: "Message" }).fill(`Yes, from the other instance ${run}`);
  await bob.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(
    alice
      .getByRole("list", { name: "Conversation history" })
      .getByText(`Yes, from the other instance ${run}`),
  ).toHaveCount(1);

  // A new conversation while Bob reads another: his badge and a bubble, from the other instance.
  await startConversationWith(alice, "Bob Builder", `Another question ${run}`);
  await expect(badge(bob, before + 1)).toBeVisible();
  await expect(
    bob
      .getByRole("status", { name: "New message from Alice Admin" })
      .filter({ hasText: `Another question ${run}` }),
  ).toBeVisible();
});

test("both instances sweep the same outbox, and every email goes exactly once", async ({ signIn }) => {
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test");
  // Dana is not connected, so each message is emailed to her at once: the sweeps of both
  // instances (every second) race for the same rows while Alice keeps writing.
  await writeToCustomer(alice, "Dana", `Order update 0 ${run}`);
  const texts = [`Order update 0 ${run}`];
  for (let i = 1; i < 12; i++) {
    const text = `Order update ${i} ${run}`;
    await alice.getByRole("textbox", { name: "Message" }).fill(text);
    await alice.getByRole("textbox", { name: "Message" }).press("Enter");
    await expect(alice.getByRole("list", { name: "Conversation history" }).getByText(text)).toBeVisible();
    texts.push(text);
    await alice.waitForTimeout(300);
  }
  for (const text of texts) {
    await expect.poll(() => mentioning("dana@customer.test", text), { timeout: 20_000 }).toHaveLength(1);
  }
  // Long enough for a second sweep of each instance to send anything twice.
  await alice.waitForTimeout(3_000);
  for (const text of texts) expect(await mentioning("dana@customer.test", text)).toHaveLength(1);
});
