// The product on a phone (the "phone" project: a 360 px touch screen): every page fits with no
// sideways scroll and passes axe, the messenger's views stay within reach, and bubbles stay on
// screen.
import type { Page } from "@playwright/test";
import { expect, expectNoAxeViolations, signInToChat, startConversationWith, test } from "./fixtures";

/** No sideways scroll: the page is no wider than the screen. */
async function expectFits(page: Page, path: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(innerWidth, "the phone project's width").toBe(360);
  expect(scrollWidth, `${path} is wider than the screen`).toBeLessThanOrEqual(innerWidth);
}

async function visit(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  await expectFits(page, path);
  await expectNoAxeViolations(page);
}

test("every page fits 360 px and passes axe: signed out, the team's, the items' and the customer's", async ({
  page,
  signIn,
  newContext,
}) => {
  // Some thirty pages, each checked by axe: more than a minute on a busy machine.
  test.setTimeout(180_000);
  const run = Date.now().toString(36);
  for (const path of ["/login", "/signup", "/invite?token=x", "/widget-demo", "/no-such-page", "/chat/acme"])
    await visit(page, path);

  const alice = await signIn("alice@acme.test");
  const conversation = new URL(
    await startConversationWith(
      alice,
      "Bob",
      `A long line to see nothing overflows on a phone ${run} ${"word ".repeat(40)}`,
    ),
  ).pathname;
  for (const path of [
    "/messenger?view=open",
    "/messenger?view=closed",
    "/messenger?view=inbox",
    "/messenger?view=sent",
    "/messenger?view=items",
    "/messenger?view=sent&draft=user",
    "/messenger?view=open&draft=customer",
    conversation,
    "/messenger/c/00000000-0000-4000-8000-000000000000",
    "/items",
    "/items?kind=ticket",
    "/items/1",
    "/items/999999",
    "/settings/notifications",
    "/settings/workspace",
    "/customers",
    "/settings/team",
  ])
    await visit(alice, path);

  const dana = await (await newContext()).newPage();
  await signInToChat(dana, "dana@customer.test");
  await visit(dana, "/chat/acme");
});

test("the views are a tab bar at the bottom of the screen, with their unread counts", async ({ signIn }) => {
  const run = Date.now().toString(36);
  const bob = await signIn("bob@acme.test");
  await startConversationWith(bob, "Alice", `Phone tabs ${run}`);

  const alice = await signIn("alice@acme.test");
  await alice.goto("/messenger?view=sent");
  const views = alice.getByRole("navigation", { name: "Views" });
  // Every view is on screen, none cut off, in the bottom part of the screen, named in a word.
  for (const name of ["Open", "Closed", "Inbox", "Sent", "Items"]) {
    const tab = views.getByRole("link", { name: new RegExp(`^${name}\\b`) });
    await expect(tab).toBeInViewport({ ratio: 1 });
  }
  const bar = await views.boundingBox();
  expect(bar?.y ?? 0).toBeGreaterThan(780 - 100);
  // The Inbox tab shows its count, and takes the list there.
  const inbox = views.getByRole("link", { name: /^Inbox ?, \d+ unread$/ });
  await expect(inbox).toBeVisible();
  await inbox.click();
  await expect(alice.getByRole("heading", { name: "Internal Inbox" })).toBeVisible();
  await expect(inbox).toHaveAttribute("aria-current", "page");

  // A row opens the conversation alone, with a way back to the list.
  await alice.getByRole("link", { name: new RegExp(`Phone tabs ${run}`) }).click();
  await expect(alice.getByRole("list", { name: "Conversation history" })).toContainText(`Phone tabs ${run}`);
  await expect(views).toBeHidden();
  await alice.getByRole("link", { name: "Back to Internal Inbox" }).click();
  await expect(views).toBeVisible();
});

test("a bubble for a new message is drawn on screen", async ({ signIn }) => {
  const run = Date.now().toString(36);
  const alice = await signIn("alice@acme.test");
  await alice.goto("/items");
  const bob = await signIn("bob@acme.test");
  await startConversationWith(bob, "Alice", `Bubble on a phone ${run}`);

  const bubble = alice.getByRole("status", { name: "New message from Bob Builder" });
  await expect(bubble).toBeVisible();
  await expect(bubble).toBeInViewport({ ratio: 1 });
  await expectFits(alice, "/items with a bubble");
});
