import type { Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import {
  clickUntil,
  emailChoice,
  emailsTo,
  expect,
  expectNoAxeViolations,
  mentioning,
  setEmailDelay,
  signInToChat,
  startConversationWith,
  test,
} from "./fixtures";

const DANA = "dana@customer.test";
const CAROL = "carol@acme.test";

/**
 * Records every realtime event the page's code listens to (the built-in event stream), so a test
 * can say what reached this browser, not only what it shows.
 */
async function recordRealtime(page: Page) {
  await page.addInitScript(() => {
    const seen: { type: string; data: string }[] = [];
    Object.assign(window, { __realtime: seen });
    const add = EventSource.prototype.addEventListener;
    EventSource.prototype.addEventListener = function (
      this: EventSource,
      type: string,
      listener: EventListenerOrEventListenerObject,
      options?: boolean | AddEventListenerOptions,
    ) {
      if (type !== "open" && type !== "error")
        add.call(this, type, (event) => seen.push({ type, data: String((event as MessageEvent).data) }));
      add.call(this, type, listener, options);
    } as typeof EventSource.prototype.addEventListener;
  });
  return async () =>
    JSON.stringify(await page.evaluate(() => (window as unknown as { __realtime: unknown[] }).__realtime));
}

/** The page's tab stays in the background: nothing on it counts as seen, so email still goes. */
const inBackground = (page: Page) =>
  page.addInitScript(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
  });

test.describe.configure({ mode: "serial" });

test("a ticket's followers get every message on every channel, its customer only the public ones", async ({
  signIn,
  newContext,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const title = `Broken invoice ${run}`;
  const alice = await signIn("alice@acme.test");
  await setEmailDelay(alice, 2);

  // 1. Bob creates a ticket for Dana.
  const bob = await signIn("bob@acme.test");
  await bob.getByRole("link", { name: "Items", exact: true }).click();
  await expect(bob.getByRole("heading", { name: "Tickets and tasks" })).toBeVisible();
  await expectNoAxeViolations(bob);
  const form = await clickUntil(
    bob.getByRole("button", { name: "New ticket" }),
    bob.getByRole("dialog", { name: "New ticket" }),
  );
  await expectNoAxeViolations(bob);
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Description").fill("The March invoice shows the wrong total.");
  await form.getByRole("combobox", { name: "Requester" }).fill("@Dana");
  await form.getByRole("option", { name: /Dana Diaz/ }).click();
  // The team is loaded when the dialog opens, not carried by the list page.
  await form.getByLabel("Assignee").selectOption({ label: "Bob Builder (you)" });
  await form.getByRole("button", { name: "Create ticket" }).click();
  await expect(bob).toHaveURL(/\/items\/\d+$/);
  const itemPath = new URL(bob.url()).pathname;
  const number = itemPath.split("/").at(-1);
  await expect(bob.getByRole("heading", { level: 1 })).toContainText(`#${number} ${title}`);
  await expect(bob.getByLabel("Assignee").locator("option:checked")).toHaveText("Bob Builder (you)");
  await expect(bob.getByRole("button", { name: "Unfollow" })).toBeVisible();
  await expectNoAxeViolations(bob);
  // Bob moves on: what comes next on the ticket, he has not seen.
  await bob.goto("/items");

  // Dana signs in to her chat page and opens the ticket, in a background tab, recording what reaches it.
  const dana = await (await newContext()).newPage();
  const danasEvents = await recordRealtime(dana);
  await inBackground(dana);
  await signInToChat(dana, DANA);
  await dana.getByRole("link", { name: new RegExp(`Ticket #${number}: ${title}`) }).click();
  await expect(dana.getByRole("heading", { name: `Ticket #${number}: ${title}` })).toBeVisible();

  // 2. Alice follows it, posts an internal message, then a public reply.
  await alice.goto(itemPath);
  await clickUntil(
    alice.getByRole("button", { name: "Follow", exact: true }),
    alice.getByRole("button", { name: "Unfollow" }),
  );
  await alice.getByRole("tab", { name: "Note" }).click();
  await expect(alice.getByText("Will notify: Bob Builder", { exact: true })).toBeVisible();
  await alice.getByRole("textbox", { name: "Message" }).fill(`SECRET margin is thin ${run}`);
  await alice.getByRole("button", { name: "Send" }).click();
  const history = alice.getByRole("list", { name: "Conversation history" });
  await expect(history.getByText(`SECRET margin is thin ${run}`)).toBeVisible();
  await expect(alice.getByRole("tab", { name: "Reply" })).toHaveAttribute("aria-selected", "true");
  await expect(alice.getByText("Will notify: Bob Builder, Dana Diaz (email)")).toBeVisible();
  await alice.getByRole("textbox", { name: "Message" }).fill(`We fixed the total ${run}`);
  await alice.getByRole("button", { name: "Send" }).click();
  await expect(history.getByText(`We fixed the total ${run}`)).toBeVisible();

  // 3. Dana's page, her realtime events and her email show the public reply only.
  await expect(dana.getByText(`We fixed the total ${run}`)).toBeVisible();
  await expect.poll(danasEvents).toContain(`We fixed the total ${run}`);
  expect(await danasEvents()).not.toContain("SECRET");
  await dana.reload();
  await expect(dana.getByText(`We fixed the total ${run}`)).toBeVisible();
  expect(await dana.content()).not.toContain("SECRET");
  await expect.poll(() => mentioning(DANA, `We fixed the total ${run}`), { timeout: 15_000 }).toHaveLength(1);
  const [email] = await mentioning(DANA, `We fixed the total ${run}`);
  expect(email?.subject).toBe(`[#${number}] ${title}`);
  expect(JSON.stringify(await emailsTo(DANA))).not.toContain("SECRET");
  // Bob, who follows and did not look, is emailed both, linking to the item's page.
  await expect
    .poll(async () => (await mentioning("bob@acme.test", `We fixed the total ${run}`)).length, {
      timeout: 15_000,
    })
    .toBe(1);
  const [bobs] = await mentioning("bob@acme.test", `We fixed the total ${run}`);
  expect(bobs?.subject).toBe(`[#${number}] ${title}`);
  expect(bobs?.text).toContain(`SECRET margin is thin ${run}`);
  expect(bobs?.text).toContain(`${baseURL}${itemPath}`);

  // 4. Carol follows, then unfollows, and is told nothing of the next message.
  const carol = await signIn(CAROL);
  // Her email on (another test turns it off), so that its silence below means something.
  await carol.goto("/settings/notifications");
  const allMessages = emailChoice(carol, "All messages");
  if (!(await allMessages.isChecked())) {
    await allMessages.check();
    await carol.getByRole("button", { name: "Save changes" }).click();
    await expect(carol.getByRole("form", { name: "Notification settings" }).getByRole("status")).toHaveText(
      "Saved",
    );
  }
  await carol.goto(itemPath);
  await clickUntil(
    carol.getByRole("button", { name: "Follow", exact: true }),
    carol.getByRole("button", { name: "Unfollow" }),
  );
  await carol.getByRole("button", { name: "Unfollow" }).click();
  await expect(carol.getByRole("button", { name: "Follow", exact: true })).toBeVisible();
  await carol.goto("/messenger?view=items");
  await alice.getByRole("textbox", { name: "Message" }).fill(`After Carol left ${run}`);
  await alice.getByRole("button", { name: "Send" }).click();
  await expect(history.getByText(`After Carol left ${run}`)).toBeVisible();
  // A sentinel Carol does get, sent after: once its bubble and email are there, the item's would be too.
  await startConversationWith(alice, "Carol", `Sentinel for Carol ${run}`);
  await expect(carol.getByRole("status", { name: "New message from Alice Admin" })).toContainText(
    `Sentinel for Carol ${run}`,
  );
  await expect
    .poll(() => mentioning(CAROL, `Sentinel for Carol ${run}`), { timeout: 15_000 })
    .toHaveLength(1);
  expect(await mentioning(CAROL, `After Carol left ${run}`)).toEqual([]);
  await expect(carol.getByText(`After Carol left ${run}`)).toHaveCount(0);
  await expect(carol.getByRole("region", { name: "Followed items conversations" })).not.toContainText(title);
});

test("a conversation becomes a task with its history, and shows under Followed items", async ({ signIn }) => {
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test");
  const url = await startConversationWith(alice, "Bob", `Can we plan the release ${run}?`);
  const dialog = await clickUntil(
    alice.getByRole("button", { name: "Create task" }),
    alice.getByRole("dialog", { name: "Create task" }),
  );
  await expect(dialog.getByLabel("Title")).toHaveValue(`Can we plan the release ${run}?`);
  await dialog.getByLabel("Title").fill(`Release plan ${run}`);
  await dialog.getByRole("button", { name: "Create task" }).click();
  await expect(alice).toHaveURL(/\/items\/\d+$/);
  const history = alice.getByRole("list", { name: "Conversation history" });
  await expect(history.getByText(`Can we plan the release ${run}?`)).toBeVisible();
  await expect(history).toContainText("Alice Admin made this conversation task #");
  // No choice of audience on a task: it is the team's.
  await expect(alice.getByRole("tab", { name: "Note" })).toHaveCount(0);

  // The thread left Internal Sent for Followed items, named after the task.
  await alice.goto("/messenger?view=sent");
  await expect(alice.getByRole("region", { name: "Internal Sent conversations" })).not.toContainText(
    `Can we plan the release ${run}?`,
  );
  await alice.goto("/messenger?view=items");
  await alice.getByRole("link", { name: new RegExp(`Release plan ${run}`) }).click();
  await expect(alice).toHaveURL(new RegExp(`${new URL(url).pathname}`));
  await expect(alice.getByRole("link", { name: "Open task" })).toBeVisible();

  // Alice, an admin, adds Carol as a follower, then removes her: each a line in the thread.
  await alice.getByRole("link", { name: "Open task" }).click();
  const picker = await clickUntil(
    alice.getByRole("button", { name: "Add followers" }),
    alice.getByRole("dialog", { name: "Add followers" }),
  );
  await expect(picker.getByRole("textbox", { name: "Search teammates" })).toBeFocused();
  await picker.getByRole("button", { name: /Carol Chen/ }).click();
  await picker.getByRole("button", { name: "Add", exact: true }).click();
  const followers = alice.getByRole("list", { name: "Followers" });
  await expect(followers).toContainText("Carol Chen");
  await expect(history).toContainText("Alice Admin added Carol Chen as a follower");
  await followers.getByRole("button", { name: "Remove Carol Chen" }).click();
  await expect(followers).not.toContainText("Carol Chen");
  await expect(history).toContainText("Alice Admin removed Carol Chen from the followers");
});

test("/items finds items by title and number, and filters by status", async ({ signIn }) => {
  const alice = await signIn("alice@acme.test");
  await alice.goto("/items");
  const first = alice.getByRole("list", { name: "Items" }).getByRole("link").first();
  const text = (await first.textContent()) ?? "";
  const number = /#(\d+)/.exec(text)?.[1];
  await alice.getByRole("searchbox", { name: "Search items" }).fill(`#${number}`);
  await alice.getByRole("searchbox", { name: "Search items" }).press("Enter");
  await expect(alice).toHaveURL(new RegExp(`q=%23${number}`));
  await expect(alice.getByRole("list", { name: "Items" })).toContainText(`#${number}`);
  await alice.goto("/items");
  await alice.getByLabel("Status").selectOption("closed");
  await expect(alice).toHaveURL(/status=closed/);
  for (const row of await alice.getByRole("list", { name: "Items" }).getByRole("link").all())
    await expect(row).toContainText("Closed");
  await alice.getByRole("searchbox", { name: "Search items" }).fill("no item has this title");
  await alice.getByRole("searchbox", { name: "Search items" }).press("Enter");
  await expect(alice.getByText("No items match")).toBeVisible();
});

test("a customer cannot open a ticket she does not follow, even by its address", async ({
  signIn,
  newContext,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const bob = await signIn("bob@acme.test");
  await bob.goto("/items");
  const form = await clickUntil(
    bob.getByRole("button", { name: "New ticket" }),
    bob.getByRole("dialog", { name: "New ticket" }),
  );
  await form.getByLabel("Title").fill(`Dana's own ${run}`);
  await form.getByRole("combobox", { name: "Requester" }).fill("@Dana");
  await form.getByRole("option", { name: /Dana Diaz/ }).click();
  await form.getByRole("button", { name: "Create ticket" }).click();
  await expect(bob).toHaveURL(/\/items\/\d+$/);
  // The ticket's thread is the conversation the messenger opens.
  await bob.goto("/messenger?view=items");
  await bob.getByRole("link", { name: new RegExp(`Dana's own ${run}`) }).click();
  await expect(bob).toHaveURL(/\/messenger\/c\/[0-9a-f-]+/);
  const threadId = new URL(bob.url()).pathname.split("/").at(-1);

  const erin = await (await newContext()).newPage();
  await signInToChat(erin, "erin@customer.test");
  await expect(erin.getByText(`Dana's own ${run}`)).toHaveCount(0);
  // In a new tab of hers, so no navigation left over from signing in can overtake this one.
  const byAddress = await erin.context().newPage();
  const response = await byAddress.goto(`/chat/acme/c/${threadId}`);
  expect(response?.status()).toBe(404);
  await expect(byAddress.getByRole("heading", { name: "Conversation not found" })).toBeVisible();
  await expect(byAddress.locator("body")).not.toContainText(`Dana's own ${run}`);
  // Nor is the team's item page a customer's: it sends her to sign in as the team.
  await byAddress.goto("/items");
  await expect(byAddress).toHaveURL(/\/login/);
});
