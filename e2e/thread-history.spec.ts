import type { Locator, Page } from "@playwright/test";
import { chatLinkIn, expect, mentioning, startConversationWith, test, writeToCustomer } from "./fixtures";

// More than one page (100) of messages, so the oldest are not in the first one.
const MESSAGES = 110;
const numbered = (n: number, run: string) => `History ${String(n).padStart(3, "0")} ${run}`;

// Typing 110 messages takes a while on a busy machine.
test.describe.configure({ timeout: 300_000 });

test("scrolling to the top of a long conversation loads the older messages in place", async ({ signIn }) => {
  const run = Math.random().toString(36).slice(2, 8);
  const conversationUrl = await longConversation(await signIn("alice@acme.test"), run, (page, body) =>
    startConversationWith(page, "Bob Builder", body),
  );

  const alice = await signIn("alice@acme.test");
  await alice.goto(conversationUrl);
  const history = alice.getByRole("list", { name: "Conversation history" });
  await expect(history.getByText(numbered(MESSAGES, run), { exact: true })).toBeVisible();
  // Only the newest page is there: message 11 is the oldest one shown.
  const oldestShown = history.getByText(numbered(11, run), { exact: true });
  await expect(oldestShown).toBeAttached();
  await expect(history.getByText(numbered(10, run), { exact: true })).toHaveCount(0);
  await expect(history.getByText(numbered(1, run), { exact: true })).toHaveCount(0);

  // Alice scrolls to the top: the page before goes in above, and what she was reading stays put.
  const topBefore = await scrollToTopAndMeasure(history, oldestShown);
  await expect(history.getByText(numbered(1, run), { exact: true })).toBeAttached();
  expect(await topOf(oldestShown)).toBeCloseTo(topBefore, -1);
  expect(await distanceFromBottom(history)).toBeGreaterThan(1_000);
  await expect(alice.getByText("Start of the conversation")).toBeVisible();
  await expect(alice.getByRole("button", { name: "Load earlier messages" })).toHaveCount(0);
  expect(await numbersIn(history, run)).toEqual(Array.from({ length: MESSAGES }, (_, i) => i + 1));

  // A new message while she reads history does not pull her down.
  const bob = await signIn("bob@acme.test");
  await bob.goto(conversationUrl);
  await bob.getByRole("textbox", { name: "Message" }).fill(`Bob replies ${run}`);
  await bob.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(history.getByText(`Bob replies ${run}`)).toBeAttached();
  expect(await topOf(oldestShown)).toBeCloseTo(topBefore, -1);

  // Someone who does not scroll gets there from the keyboard: the button loads the page before.
  const again = await signIn("alice@acme.test");
  await again.goto(conversationUrl);
  const historyAgain = again.getByRole("list", { name: "Conversation history" });
  await expect(historyAgain.getByText(`Bob replies ${run}`)).toBeVisible();
  // The composer takes the focus once the page is live; a key pressed before that would do nothing.
  await expect(again.getByRole("textbox", { name: "Message" })).toBeFocused();
  const button = again.getByRole("button", { name: "Load earlier messages" });
  await button.focus();
  await again.keyboard.press("Enter");
  await expect(historyAgain.getByText(numbered(1, run), { exact: true })).toBeAttached();
  expect(await numbersIn(historyAgain, run)).toEqual(Array.from({ length: MESSAGES }, (_, i) => i + 1));
  // With nothing older left the button goes, and focus stays in the thread, on the line that replaced it.
  await expect(button).toHaveCount(0);
  await expect(again.getByText("Start of the conversation")).toBeFocused();
});

test("the customer's chat page loads older messages the same way", async ({ signIn, newContext }) => {
  const run = Math.random().toString(36).slice(2, 8);
  await longConversation(await signIn("alice@acme.test"), run, async (page, body) => {
    await writeToCustomer(page, "Dana", body);
    return page.url();
  });

  // Dana opens the conversation from the email about it.
  await expect.poll(async () => (await mentioning(DANA, numbered(1, run))).length).toBeGreaterThan(0);
  const [email] = await mentioning(DANA, numbered(1, run));
  const dana = await (await newContext()).newPage();
  await dana.goto(chatLinkIn(email?.html ?? ""));
  const history = dana.getByRole("list", { name: "Conversation history" });
  await expect(history.getByText(numbered(MESSAGES, run), { exact: true })).toBeVisible();
  const oldestShown = history.getByText(numbered(11, run), { exact: true });
  await expect(oldestShown).toBeAttached();
  await expect(history.getByText(numbered(1, run), { exact: true })).toHaveCount(0);

  const topBefore = await scrollToTopAndMeasure(history, oldestShown);
  await expect(history.getByText(numbered(1, run), { exact: true })).toBeAttached();
  expect(await topOf(oldestShown)).toBeCloseTo(topBefore, -1);
  expect(await distanceFromBottom(history)).toBeGreaterThan(1_000);
  expect(await numbersIn(history, run)).toEqual(Array.from({ length: MESSAGES }, (_, i) => i + 1));
  await expect(dana.getByText("Start of the conversation")).toBeVisible();
});

const DANA = "dana@customer.test";

/**
 * A conversation of Alice's, started by `start`, with messages 1 to 110 typed into the composer
 * and sent with Enter, from a tab that counts as hidden (so it marks nothing read and refreshes
 * nothing); returns its address once all are stored. The typing runs inside the page: one
 * Playwright call per keystroke is too slow for 110 messages on a busy machine.
 */
async function longConversation(
  page: Page,
  run: string,
  start: (page: Page, firstBody: string) => Promise<string>,
) {
  await page.addInitScript(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
  });
  const conversationUrl = await start(page, numbered(1, run));
  const bodies = Array.from({ length: MESSAGES - 1 }, (_, i) => numbered(i + 2, run));
  await page.getByRole("textbox", { name: "Message" }).evaluate(async (field, bodies) => {
    const textarea = field as HTMLTextAreaElement;
    const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")?.set;
    for (const body of bodies) {
      setValue?.call(textarea, body);
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      textarea.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }, bodies);
  await expect(page.getByText("Sending…")).toHaveCount(0, { timeout: 120_000 });
  await expect(
    page.getByRole("list", { name: "Conversation history" }).getByText(numbered(MESSAGES, run)),
  ).toBeVisible();
  return conversationUrl;
}

/** The scrolling box around the history list. */
const scrollerOf = (history: Locator) =>
  history.evaluateHandle((list) => {
    let element = list.parentElement;
    while (element && getComputedStyle(element).overflowY !== "auto") element = element.parentElement;
    if (!element) throw new Error("The history list is not in a scroller.");
    return element;
  });

/** Scrolls to the top and, in the same frame (before older messages can load), measures where a message is. */
async function scrollToTopAndMeasure(history: Locator, message: Locator) {
  const scroller = await scrollerOf(history);
  const target = await message.elementHandle();
  return scroller.evaluate((element, node) => {
    element.scrollTop = 0;
    return (node as Element).getBoundingClientRect().top;
  }, target);
}

const topOf = (message: Locator) => message.evaluate((node) => node.getBoundingClientRect().top);

async function distanceFromBottom(history: Locator) {
  const scroller = await scrollerOf(history);
  return scroller.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight);
}

/** The numbers of the numbered messages in the list, in order (a repeat would show twice). */
async function numbersIn(history: Locator, run: string) {
  const texts = await history.getByRole("listitem").allInnerTexts();
  return texts.flatMap((text) => {
    const match = new RegExp(`History (\\d{3}) ${run}`).exec(text);
    return match ? [Number(match[1])] : [];
  });
}
