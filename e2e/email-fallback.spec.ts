import {
  emailChoice,
  expect,
  firstLink,
  mentioning,
  setEmailDelay,
  startConversationWith,
  test,
} from "./fixtures";

test("a message Bob leaves unread is emailed once after the delay; one he opens at once is not", async ({
  signIn,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test");

  // The admin sets the workspace's delay to 5 s, from the account menu: time enough for Bob to see
  // the second conversation arrive and open it, on a busy test machine.
  await alice.getByRole("button", { name: /account menu/ }).click();
  await alice.getByRole("menuitem", { name: "Settings" }).click();
  await alice.getByRole("link", { name: "Workspace" }).click();
  await expect(alice).toHaveURL(/\/settings\/workspace/);
  await setEmailDelay(alice, 5);

  // Bob does not open the first conversation: one email, with the message's text and a way back.
  const unreadUrl = await startConversationWith(alice, "Bob Builder", `Left unread ${run}`);
  await expect
    .poll(() => mentioning("bob@acme.test", `Left unread ${run}`), { timeout: 15_000 })
    .toHaveLength(1);
  const [email] = await mentioning("bob@acme.test", `Left unread ${run}`);
  expect(email?.subject).toBe("New message from Alice Admin");
  expect(email?.from).toBe("Acme Help <help@acme.test>");
  expect(firstLink(email?.text.split("Open the conversation: ")[1] ?? "")).toBe(unreadUrl.split("?")[0]);
  expect(email?.html).toContain(`Left unread ${run}`);

  // Bob is in the app and opens the second conversation as soon as it arrives.
  const bob = await signIn("bob@acme.test");
  await startConversationWith(alice, "Bob Builder", `Read at once ${run}`);
  await bob
    .getByRole("region", { name: "Internal Inbox conversations" })
    .getByRole("link", { name: new RegExp(`Read at once ${run}`) })
    .click();
  await expect(
    bob.getByRole("list", { name: "Conversation history" }).getByText(`Read at once ${run}`),
  ).toBeVisible();

  // A later unread message: once its email is out, the sweeps have passed the second one's due time.
  await startConversationWith(alice, "Bob Builder", `Sentinel ${run}`);
  await expect
    .poll(() => mentioning("bob@acme.test", `Sentinel ${run}`), { timeout: 15_000 })
    .toHaveLength(1);
  expect(await mentioning("bob@acme.test", `Read at once ${run}`)).toHaveLength(0);
  expect(await mentioning("bob@acme.test", `Left unread ${run}`)).toHaveLength(1);
  // And nobody is emailed about their own messages.
  expect(await mentioning("alice@acme.test", run)).toHaveLength(0);
});

test("Carol chooses None and gets no email, while Bob still does; settings are admin-only where they should be", async ({
  signIn,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const carol = await signIn("carol@acme.test");
  await carol.goto("/settings");
  await expect(carol).toHaveURL(/\/settings\/notifications/);
  await expect(carol.getByRole("link", { name: "Workspace" })).toHaveCount(0);
  await expect(emailChoice(carol, "All messages")).toBeChecked();
  await emailChoice(carol, "None").check();
  await carol.getByRole("button", { name: "Save" }).click();
  const settings = carol.getByRole("form", { name: "Notification settings" });
  await expect(settings.getByRole("status")).toHaveText("Saved");
  await carol.reload();
  await expect(emailChoice(carol, "None")).toBeChecked();

  // Alice writes to both; Carol opens nothing. Once Bob's email is out, Carol's would have been too.
  const alice = await signIn("alice@acme.test");
  await setEmailDelay(alice, 5);
  await startConversationWith(alice, "Carol Chen", `For Carol ${run}`);
  await startConversationWith(alice, "Bob Builder", `For Bob ${run}`);
  await expect.poll(() => mentioning("bob@acme.test", `For Bob ${run}`), { timeout: 15_000 }).toHaveLength(1);
  expect(await mentioning("carol@acme.test", `For Carol ${run}`)).toHaveLength(0);

  // A member cannot open the workspace settings: she is sent to her own.
  await carol.goto("/settings/workspace");
  await expect(carol).toHaveURL(/\/settings\/notifications$/);

  // A bad delay is refused with a clear error, and nothing changes.
  await alice.goto("/settings/workspace");
  const delay = alice.getByLabel("Email delay", { exact: true });
  const before = await delay.inputValue();
  await delay.fill("90000");
  await alice.getByRole("button", { name: "Save changes" }).click();
  await expect(alice.getByText("The delay can be at most 24 hours (86,400 seconds).")).toBeVisible();
  await alice.reload();
  await expect(alice.getByLabel("Email delay", { exact: true })).toHaveValue(before);
});
