import {
  chatLinkIn,
  emailsTo,
  expect,
  mentioning,
  setEmailDelay,
  signInToChat,
  startWithDana,
  test,
} from "./fixtures";

const DANA = "dana@customer.test";
const ERIN = "erin@customer.test";

test.describe.configure({ mode: "serial" });

test("customer conversations: email when away, live when connected, replies reach the team live", async ({
  signIn,
  newContext,
  baseURL,
  peers,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test");
  await setEmailDelay(alice, 2);

  // 1. Dana is not connected: an email reaches her within the sweep interval, from Alice via Acme Support.
  const conversationId = await startWithDana(alice, `Your order shipped ${run}`);
  await expect.poll(() => mentioning(DANA, `Your order shipped ${run}`), { timeout: 5_000 }).toHaveLength(1);
  const [email] = await mentioning(DANA, `Your order shipped ${run}`);
  expect(email?.from).toBe('"Alice Admin via Acme Support" <help@acme.test>');
  const link = chatLinkIn(email?.html ?? "");
  // From this instance, or from any of its peers (the fleet's), whichever sweep sent it.
  expect([baseURL, ...peers]).toContain(new URL(link).origin);
  expect(new URL(link).pathname).toMatch(/^\/chat\/acme\//);

  // 2. Dana opens the link, sees the conversation, and replies: Alice sees the reply live.
  const dana = await (await newContext()).newPage();
  await dana.goto(link);
  await expect(dana).toHaveURL(new RegExp(`/chat/acme/c/${conversationId}$`));
  const danaHistory = dana.getByRole("list", { name: "Conversation history" });
  await expect(danaHistory.getByText(`Your order shipped ${run}`)).toBeVisible();
  const aliceHistory = alice.getByRole("list", { name: "Conversation history" });
  await alice.goto(`/messenger/c/${conversationId}?view=open`);
  await expect(aliceHistory.getByText(`Your order shipped ${run}`)).toBeVisible();
  await dana.getByRole("textbox", { name: "Message" }).fill(`Thanks, when will it arrive? ${run}`);
  await dana.getByRole("button", { name: "Send" }).click();
  await expect(aliceHistory.getByText(`Thanks, when will it arrive? ${run}`)).toBeVisible();

  // An internal message stays with the team: never on Dana's page, never in her email.
  await alice.getByRole("tab", { name: "Note" }).click();
  await expect(alice.getByRole("tab", { name: "Note" })).toHaveAttribute("aria-selected", "true");
  await alice.getByRole("textbox", { name: "Message" }).fill(`NOTE carrier is late ${run}`);
  await alice.getByRole("button", { name: "Send" }).click();
  await expect(aliceHistory.getByText(`NOTE carrier is late ${run}`)).toBeVisible();
  // A note is the exception: the composer is back on Reply after sending it.
  await expect(alice.getByRole("tab", { name: "Reply" })).toHaveAttribute("aria-selected", "true");

  // 3. Dana keeps the page open; Alice's next message appears live there, and is not emailed.
  await alice.getByRole("textbox", { name: "Message" }).fill(`Tomorrow before noon ${run}`);
  await alice.getByRole("button", { name: "Send" }).click();
  await expect(danaHistory.getByText(`Tomorrow before noon ${run}`)).toBeVisible();
  // A sentinel Dana does not see, in another conversation: once it is emailed, the sweeps have
  // passed the live message's due time.
  await startWithDana(alice, `Sentinel ${run}`);
  await expect.poll(() => mentioning(DANA, `Sentinel ${run}`), { timeout: 15_000 }).toHaveLength(1);
  expect(await mentioning(DANA, `Tomorrow before noon ${run}`)).toHaveLength(0);
  expect(await mentioning(DANA, `NOTE carrier is late ${run}`)).toHaveLength(0);
  await expect(danaHistory).not.toContainText("NOTE carrier is late");
  await dana.reload();
  await expect(danaHistory.getByText(`Tomorrow before noon ${run}`)).toBeVisible();
  await expect(dana.locator("body")).not.toContainText("NOTE carrier is late");

  // Closed, then reopened by Dana's reply.
  await alice.goto(`/messenger/c/${conversationId}?view=open`);
  await alice.getByRole("button", { name: "Close", exact: true }).click();
  // Closing moves Alice on to the next open conversation, away from the closed one.
  await expect(alice).not.toHaveURL(new RegExp(conversationId));
  await expect(alice.getByText("Conversation closed. It is under Closed now.")).toBeVisible();
  await alice.goto("/messenger?view=closed");
  // Its row's preview is the line the close posted in the thread.
  const closedRow = alice
    .getByRole("region", { name: "Closed conversations" })
    .locator(`a[href^="/messenger/c/${conversationId}?"]`);
  await expect(closedRow).toContainText("Alice Admin closed this conversation");
  await dana.getByRole("textbox", { name: "Message" }).fill(`One more question ${run}`);
  await dana.getByRole("button", { name: "Send" }).click();
  await expect(danaHistory.getByText(`One more question ${run}`)).toBeVisible();
  await alice.goto("/messenger?view=open");
  await expect(
    alice
      .getByRole("region", { name: "Open Conversations conversations" })
      .getByRole("link", { name: new RegExp(`One more question ${run}`) }),
  ).toBeVisible();
});

test("a customer sees only their own conversations, and no team page", async ({ signIn, newContext }) => {
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test");
  const conversationId = await startWithDana(alice, `For Dana only ${run}`);

  // 4. Erin signs in to the chat page and cannot see Dana's conversation, not even by its address.
  const erin = await (await newContext()).newPage();
  await signInToChat(erin, ERIN);
  await expect(erin.getByRole("list", { name: "Conversations" })).not.toContainText(`For Dana only ${run}`);
  const response = await erin.goto(`/chat/acme/c/${conversationId}`);
  expect(response?.status()).toBe(404);
  await expect(erin.getByRole("heading", { name: "Conversation not found" })).toBeVisible();
  await expect(erin.locator("body")).not.toContainText(`For Dana only ${run}`);

  // Even Dana's own email link does not open it for Erin, nor sign her out.
  await expect.poll(() => mentioning(DANA, `For Dana only ${run}`), { timeout: 5_000 }).toHaveLength(1);
  const [danasEmail] = await mentioning(DANA, `For Dana only ${run}`);
  await erin.goto(chatLinkIn(danasEmail?.html ?? ""));
  await expect(erin).toHaveURL(/\/chat\/acme\?link=other$/);
  await expect(erin.getByRole("status")).toContainText("That link is for someone else");
  await expect(erin.getByText("Signed in as erin@customer.test")).toBeVisible();
  await expect(erin.locator("body")).not.toContainText(`For Dana only ${run}`);

  // Her session opens no team page, and listens on no team channel.
  await erin.goto("/messenger");
  await expect(erin).toHaveURL(/\/login/);
  const stream = await erin.request.get(
    `/api/realtime/stream?channel=private-conversation-${conversationId}`,
  );
  expect(stream.status()).toBe(403);

  // She can start her own conversation: it shows at once in Alice's Open Conversations.
  await erin.goto("/chat/acme");
  await erin.getByRole("button", { name: "New conversation" }).click();
  await erin.getByRole("textbox", { name: "Message" }).fill(`Erin needs help ${run}`);
  await erin.getByRole("button", { name: "Send" }).click();
  await expect(erin).toHaveURL(/\/chat\/acme\/c\//);
  await expect(
    erin.getByRole("list", { name: "Conversation history" }).getByText(`Erin needs help ${run}`),
  ).toBeVisible();
  await alice.goto("/messenger?view=open");
  await expect(
    alice
      .getByRole("region", { name: "Open Conversations conversations" })
      .getByRole("link", { name: new RegExp(`Erin needs help ${run}`) }),
  ).toBeVisible();
});

test("a sign-in link works once", async ({ newContext }) => {
  const page = await (await newContext()).newPage();
  await page.goto("/chat/acme/sign-in");
  await page.getByLabel("Email").fill(ERIN);
  const before = (await emailsTo(ERIN)).length;
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect.poll(async () => (await emailsTo(ERIN)).length, { timeout: 10_000 }).toBe(before + 1);
  const link = chatLinkIn((await emailsTo(ERIN)).at(-1)?.html ?? "");
  await page.goto(link);
  await page.getByRole("button", { name: "Continue to chat" }).click();
  await expect(page.getByRole("heading", { name: "Your conversations" })).toBeVisible();

  const again = await (await newContext()).newPage();
  await again.goto(link);
  await expect(again.getByRole("heading", { name: "This link has expired" })).toBeVisible();
});

test("in the widget, a reply that arrives while the panel is closed is not seen: it is emailed", async ({
  signIn,
  newContext,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test");
  await setEmailDelay(alice, 2);
  const conversationId = await startWithDana(alice, `Widget hello ${run}`);
  await expect.poll(() => mentioning(DANA, `Widget hello ${run}`), { timeout: 5_000 }).toHaveLength(1);
  const [email] = await mentioning(DANA, `Widget hello ${run}`);

  // Dana's browser has her session (from the email's link); the widget on a site opens her chat.
  const dana = await (await newContext()).newPage();
  await dana.goto(chatLinkIn(email?.html ?? ""));
  await dana.goto("/widget-demo");
  await dana.getByRole("button", { name: "Open chat" }).click();
  const frame = dana.frameLocator('iframe[title="Live chat"]');
  await frame.getByRole("link", { name: new RegExp(`Widget hello ${run}`) }).click();
  const history = frame.getByRole("list", { name: "Conversation history" });
  await expect(history.getByText(`Widget hello ${run}`)).toBeVisible();

  // Escape inside the chat closes the panel.
  await frame.getByRole("textbox", { name: "Message" }).press("Escape");
  await expect(dana.locator('iframe[title="Live chat"]')).toBeHidden();

  // Alice replies while the panel is closed: the hidden chat must not count it as seen.
  await alice.goto(`/messenger/c/${conversationId}?view=open`);
  await alice.getByRole("textbox", { name: "Message" }).fill(`While closed ${run}`);
  await alice.getByRole("button", { name: "Send" }).click();
  await expect.poll(() => mentioning(DANA, `While closed ${run}`), { timeout: 15_000 }).toHaveLength(1);

  // Reopened, the reply is there.
  await dana.getByRole("button", { name: "Open chat" }).click();
  await expect(history.getByText(`While closed ${run}`)).toBeVisible();
});
