import { badge, expect, startConversationWith, test, typeUntilSeen, unreadOf } from "./fixtures";

test("Bob sees Alice's messages arrive without reloading, and reading clears his other tab", async ({
  signIn,
}) => {
  const run = Math.random().toString(36).slice(2, 8); // unique texts, so a repeated run finds its own rows
  const bob = await signIn("bob@acme.test");
  const bobSecondTab = await bob.context().newPage();
  await bobSecondTab.goto("/messenger");
  const before = await unreadOf(bobSecondTab); // other tests in this run may have left some

  const alice = await signIn("alice@acme.test");
  const conversationUrl = await startConversationWith(alice, "Bob Builder", `First, before Bob looks ${run}`);
  await expect(badge(bobSecondTab, before + 1)).toBeVisible({ timeout: 2_000 });

  // Bob opens the conversation in his first tab: the second tab's badge drops without a reload.
  await bob.goto(conversationUrl);
  await expect(
    bob.getByRole("list", { name: "Conversation history" }).getByText(`First, before Bob looks ${run}`),
  ).toBeVisible();
  await expect(badge(bobSecondTab, before)).toBeVisible({ timeout: 2_000 });

  // Alice types and sends; Bob sees the typing line, then the message in place.
  const reply = alice.getByRole("textbox", { name: "Message" });
  await typeUntilSeen(reply, bob, "Alice Admin", "Are you th");
  await reply.fill(`Are you there? ${run}`);
  await reply.press("Enter");
  await expect(
    bob.getByRole("list", { name: "Conversation history" }).getByText(`Are you there? ${run}`),
  ).toBeVisible({ timeout: 5_000 });
  await expect(bob.getByText("Alice Admin is typing…")).toBeHidden();

  // A new conversation while Bob looks at another one: his badge goes up and a bubble appears.
  await startConversationWith(alice, "Bob Builder", `Separate question about invoices ${run}`);
  await expect(badge(bob, before + 1)).toBeVisible({ timeout: 2_000 });
  const bubble = bob
    .getByRole("status", { name: "New message from Alice Admin" })
    .filter({ hasText: `Separate question about invoices ${run}` });
  await expect(bubble).toBeVisible({ timeout: 2_000 });
  await expect(bubble).toContainText(`Separate question about invoices ${run}`);

  // Reading it in the other tab clears the badge and the bubble here.
  await bobSecondTab.bringToFront();
  await bobSecondTab.goto("/messenger?view=inbox");
  await bobSecondTab
    .getByRole("region", { name: "Internal Inbox conversations" })
    .getByRole("link", { name: new RegExp(`Separate question about invoices ${run}`) })
    .click();
  await expect(bobSecondTab.getByRole("list", { name: "Conversation history" })).toContainText(
    "Separate question",
  );
  await expect(badge(bob, before)).toBeVisible({ timeout: 2_000 });
  await expect(bubble).toBeHidden();
});

test("while Bob's notifications are paused, every page says so and no bubble shows; resuming brings them back", async ({
  signIn,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const bob = await signIn("bob@acme.test");
  await bob.goto("/settings/notifications");
  await bob.getByRole("button", { name: "Pause for 1 hour" }).click();
  const banner = bob.getByRole("status").filter({ hasText: "Notifications are paused until" });
  await expect(banner).toBeVisible();
  await expect(bob.getByRole("button", { name: "Resume notifications" })).toBeVisible();

  await bob.goto("/messenger");
  await expect(banner).toBeVisible();
  const before = await unreadOf(bob);
  const alice = await signIn("alice@acme.test");
  await startConversationWith(alice, "Bob Builder", `While paused ${run}`);
  // The list still moves (the badge is the record), but nothing interrupts him.
  await expect(badge(bob, before + 1)).toBeVisible({ timeout: 5_000 });
  const bubbleFor = (text: string) =>
    bob.getByRole("status", { name: "New message from Alice Admin" }).filter({ hasText: text });
  await expect(bubbleFor(`While paused ${run}`)).toHaveCount(0);

  await banner.getByRole("button", { name: "Resume" }).click();
  await expect(banner).toBeHidden();
  await startConversationWith(alice, "Bob Builder", `After the pause ${run}`);
  await expect(bubbleFor(`After the pause ${run}`)).toBeVisible({ timeout: 5_000 });
});

test("the realtime endpoints refuse anyone who may not listen", async ({ signIn, request, realtime }) => {
  const alice = await signIn("alice@acme.test");
  const conversationUrl = await startConversationWith(alice, "Bob Builder", "Private between Alice and Bob");
  const conversationId = conversationUrl.split("/messenger/c/")[1]?.split("?")[0];
  const channel = `private-conversation-${conversationId}`;
  const stream = (name: string) => `/api/realtime/stream?channel=${encodeURIComponent(name)}`;
  const auth = { socket_id: "123.456", channel_name: channel };

  // Signed out.
  expect((await request.get(stream(channel))).status()).toBe(403);
  expect((await request.post("/api/realtime/auth", { form: auth })).status()).toBe(403);

  // Carol is in the workspace but not in the conversation.
  const carol = await signIn("carol@acme.test");
  expect((await carol.request.get(stream(channel))).status()).toBe(403);
  expect((await carol.request.post("/api/realtime/auth", { form: auth })).status()).toBe(403);

  if (realtime === "pusher") {
    // On Pusher (Soketi), Alice's subscription is signed for her socket, and the built-in stream is off.
    const signed = await alice.request.post("/api/realtime/auth", { form: auth });
    expect(signed.status()).toBe(200);
    expect(await signed.json()).toEqual({ auth: expect.stringMatching(/^[^:]+:[0-9a-f]{64}$/) });
    expect((await alice.request.get(stream(channel))).status()).toBe(404);
    return;
  }
  // Alice gets her stream: an event stream never ends, so read only its status and type, then hang up.
  const opened = await alice.evaluate(async (url) => {
    const controller = new AbortController();
    const response = await fetch(url, { signal: controller.signal });
    controller.abort();
    return { status: response.status, type: response.headers.get("content-type") };
  }, stream(channel));
  expect(opened).toEqual({ status: 200, type: "text/event-stream; charset=utf-8" });
  // The built-in driver is on, so the Pusher endpoint has nothing to sign for her.
  expect((await alice.request.post("/api/realtime/auth", { form: auth })).status()).toBe(404);
});

test("after a dropped connection, Bob catches up: nothing missing, nothing twice", async ({ signIn }) => {
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test");
  const conversationUrl = await startConversationWith(alice, "Bob Builder", `Before the drop ${run}`);
  const bob = await signIn("bob@acme.test");
  await bob.goto(conversationUrl);
  const history = bob.getByRole("list", { name: "Conversation history" });
  await expect(history.getByText(`Before the drop ${run}`)).toBeVisible();

  await bob.context().setOffline(true);
  for (const body of [`While away one ${run}`, `While away two ${run}`]) {
    await alice.getByRole("textbox", { name: "Message" }).fill(body);
    await alice.getByRole("textbox", { name: "Message" }).press("Enter");
    await expect(alice.getByRole("list", { name: "Conversation history" }).getByText(body)).toBeVisible();
  }
  // Offline, the stream is cut: nothing arrives until Bob is back.
  await expect(history.getByText(`While away two ${run}`)).toHaveCount(0);
  await bob.context().setOffline(false);

  for (const body of [`While away one ${run}`, `While away two ${run}`]) {
    await expect(history.getByText(body)).toHaveCount(1, { timeout: 15_000 });
  }
  await alice.getByRole("textbox", { name: "Message" }).fill(`After the drop ${run}`);
  await alice.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(history.getByText(`After the drop ${run}`)).toHaveCount(1, { timeout: 5_000 });
});

test("a conversation open in a hidden tab is not marked read until the tab is shown", async ({ signIn }) => {
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test");
  const conversationUrl = await startConversationWith(alice, "Carol Chen", `Seen only when shown ${run}`);
  const carol = await signIn("carol@acme.test");
  const before = await unreadOf(carol);

  // Carol's tab is in the background while the conversation loads.
  await carol.addInitScript(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
  });
  await carol.goto(conversationUrl);
  await expect(carol.getByRole("list", { name: "Conversation history" })).toContainText(
    `Seen only when shown ${run}`,
  );
  await carol.waitForTimeout(1_000);
  await carol.reload();
  await expect(badge(carol, before)).toBeVisible();

  // She brings it to the front: now it counts as seen.
  await carol.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "visible" });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await expect(badge(carol, before - 1)).toBeVisible({ timeout: 5_000 });
});
