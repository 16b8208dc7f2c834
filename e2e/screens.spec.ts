// What every screen does while it waits and for the keyboard: a clicked view or conversation is
// selected at once and its pane shows a skeleton, buttons that wait say so, focus goes where the
// person will type, and a skip link passes the top bar.
import type { Page } from "@playwright/test";
import { expect, expectNoAxeViolations, startConversationWith, test } from "./fixtures";

/** Holds every request for `path` for `ms` before sending it on: a slow network, for the messenger. */
async function slowDown(page: Page, path: RegExp, ms: number) {
  await page.route(path, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.continue().catch(() => {}); // the page may have moved on
  });
}

test("with 1.2 s of latency, the clicked view and conversation are selected at once and a skeleton shows", async ({
  signIn,
}) => {
  const run = Date.now().toString(36);
  const alice = await signIn("alice@acme.test");
  await startConversationWith(alice, "Bob", `Skeleton check ${run}`);
  await alice.goto("/messenger?view=inbox");
  await expect(alice.getByRole("heading", { name: "Internal Inbox" })).toBeVisible();
  await slowDown(alice, /\/messenger/, 1_200);

  // A view: the tab is current straight away and the list pane is a skeleton until it arrives.
  const views = alice.getByRole("navigation", { name: "Views" });
  await views.getByRole("link", { name: /^Internal Sent/ }).click();
  await expect(views.getByRole("link", { name: /^Internal Sent/ })).toHaveAttribute("aria-current", "page", {
    timeout: 300,
  });
  await expect(alice.getByRole("status", { name: "Loading conversations" })).toBeVisible({ timeout: 300 });
  await expect(alice.getByRole("heading", { name: "Internal Sent" })).toBeVisible();

  // A conversation: its row is current at once and the conversation pane is a skeleton.
  const row = alice.getByRole("link", { name: new RegExp(`Skeleton check ${run}`) });
  await row.click();
  await expect(row).toHaveAttribute("aria-current", "page", { timeout: 300 });
  await expect(alice.getByRole("status", { name: "Loading conversation" })).toBeVisible({ timeout: 300 });
  await expect(alice.getByRole("list", { name: "Conversation history" })).toContainText(
    `Skeleton check ${run}`,
  );
  await expect(alice.getByRole("status", { name: "Loading conversation" })).toBeHidden();

  // Opening a conversation from the list puts the focus in its reply box.
  await expect(alice.getByRole("textbox", { name: "Message" })).toBeFocused();
});

test("a button that waits on the server shows it is busy and cannot be pressed twice", async ({ signIn }) => {
  const run = Date.now().toString(36);
  const alice = await signIn("alice@acme.test");
  await startConversationWith(alice, "Bob", `Busy check ${run}`);
  // Server actions post to the page's own address.
  await alice.route(/\/messenger\/c\//, async (route) => {
    if (route.request().method() === "POST") await new Promise((resolve) => setTimeout(resolve, 1_200));
    await route.continue().catch(() => {});
  });
  const mute = alice.getByRole("button", { name: "Mute" });
  await mute.click();
  await expect(mute).toHaveAttribute("aria-busy", "true", { timeout: 500 });
  await expect(mute).toBeDisabled();
  await expect(alice.getByRole("button", { name: "Muted", pressed: true })).toBeVisible();
});

test("focus: the reply box after creating a conversation, a skip link past the top bar", async ({
  signIn,
}) => {
  const run = Date.now().toString(36);
  const alice = await signIn("alice@acme.test");
  await startConversationWith(alice, "Bob", `Focus check ${run}`);
  await expect(alice.getByRole("textbox", { name: "Message" })).toBeFocused();

  // The first Tab on any page reaches the skip link, which leads into the main content.
  await alice.goto("/items");
  await alice.keyboard.press("Tab");
  const skip = alice.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await alice.keyboard.press("Enter");
  await expect(alice.getByRole("main")).toBeFocused();
  await alice.keyboard.press("Tab");
  // The next stop is in the page, not in the top bar.
  expect(await alice.evaluate(() => document.activeElement?.closest("[data-top-bar]") === null)).toBe(true);
});

test("Escape cancels a new conversation's draft", async ({ signIn }) => {
  const alice = await signIn("alice@acme.test");
  await alice.goto("/messenger?view=sent&draft=user");
  const message = alice.getByRole("textbox", { name: "Message" });
  await message.fill("A draft I no longer want");
  await expectNoAxeViolations(alice);
  await message.press("Escape");
  await expect(alice).toHaveURL(/\/messenger\?view=sent$/);
  await expect(alice.getByText("New conversation")).toHaveCount(0);
});

test("Reply and Note are two tabs; the arrow keys move between them", async ({ signIn }) => {
  const alice = await signIn("alice@acme.test");
  await alice.goto("/items/1");
  const reply = alice.getByRole("tab", { name: "Reply" });
  const note = alice.getByRole("tab", { name: "Note" });
  await expect(reply).toHaveAttribute("aria-selected", "true");
  // The reply box takes the focus once the page is live.
  await expect(alice.getByRole("textbox", { name: "Message" })).toBeFocused();
  await reply.focus();
  await alice.keyboard.press("ArrowRight");
  await expect(note).toHaveAttribute("aria-selected", "true");
  await expect(note).toBeFocused();
  await expect(alice.getByRole("textbox", { name: "Message" })).toHaveAttribute(
    "placeholder",
    /customers never see it/,
  );
  await expectNoAxeViolations(alice);
});

test("the account menu, open, leaves nothing focusable under aria-hidden", async ({ signIn }) => {
  const alice = await signIn("alice@acme.test");
  await alice.goto("/items");
  const menu = alice.getByRole("button", { name: "Alice Admin, account menu" });
  await menu.click();
  await expect(alice.getByRole("menuitem", { name: "Sign out", exact: true })).toBeVisible();
  await expectNoAxeViolations(alice);
  await alice.keyboard.press("Escape");
  await expect(menu).toBeFocused();
});
