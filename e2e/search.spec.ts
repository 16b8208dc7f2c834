import type { Page } from "@playwright/test";
import { expect, expectNoAxeViolations, test } from "./fixtures";

// The demo seed's week-old message of Bob's, the first of a thread longer than one page (100).
const WEEK_OLD = "The spare office keys are in the blue lockbox by reception";
const THREAD_LENGTH = 111;

const searchBox = (page: Page) => page.getByRole("searchbox", { name: "Search" });
const results = (page: Page) => page.getByRole("region", { name: /^Results for/ });
const history = (page: Page) => page.getByRole("list", { name: "Conversation history" });

/** Types the start of the rare word, as a person would, and returns the result link for it. */
async function searchLockbox(page: Page) {
  await searchBox(page).pressSequentially("lockb");
  const result = results(page).getByRole("link", { name: /lockbox/ });
  await expect(result).toHaveCount(1);
  await expect(result.locator("mark")).toHaveText("lockbox");
  await expect(result).toContainText("Alice Admin");
  return result;
}

/** The landed message: highlighted, on screen, and from the older page, loaded to reach it. */
async function expectLandedOnIt(page: Page) {
  await expect(page).toHaveURL(/\/messenger\/c\/[^?]+\?.*message=/);
  const landed = history(page).locator('[aria-current="true"]');
  await expect(landed).toContainText(WEEK_OLD);
  await expect(landed).toBeInViewport();
  // Visibly marked: a background the other messages do not have.
  await expect
    .poll(() => landed.evaluate((element) => getComputedStyle(element).backgroundColor))
    .not.toBe("rgba(0, 0, 0, 0)");
  await expect(history(page).locator('li[id^="message-"]')).toHaveCount(THREAD_LENGTH);
}

test("Bob searches a word from a week-old message, and lands on it", async ({ signIn }) => {
  const bob = await signIn("bob@acme.test");
  const result = await searchLockbox(bob);
  await expect(bob).toHaveURL(/[?&]q=lockb/);
  await expectNoAxeViolations(bob);

  // Down from the field reaches the result; Enter opens it.
  await searchBox(bob).press("ArrowDown");
  await expect(result).toBeFocused();
  await bob.keyboard.press("Enter");
  await expectLandedOnIt(bob);
  // The results stay beside the thread, the opened one marked.
  await expect(results(bob).getByRole("link", { name: /lockbox/ })).toHaveAttribute("aria-current", "page");
  await expectNoAxeViolations(bob);

  // Escape clears the search, and the list comes back.
  await searchBox(bob).press("Escape");
  await expect(searchBox(bob)).toHaveValue("");
  await expect(results(bob)).toHaveCount(0);
  await expect(bob.getByRole("heading", { name: "Internal Inbox" })).toBeVisible();

  // A search that finds nothing says so.
  await searchBox(bob).fill("zzyzx");
  await expect(bob.getByText("No messages match “zzyzx”")).toBeVisible();
  await expectNoAxeViolations(bob);
});

test("Carol, not in that thread, does not find it", async ({ signIn }) => {
  const carol = await signIn("carol@acme.test");
  await searchBox(carol).fill("lockbox");
  await expect(carol.getByText("No messages match “lockbox”")).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 780 }, hasTouch: true });

  test("the results fit 360 px, and a result opens the thread at the message", async ({ signIn }) => {
    const bob = await signIn("bob@acme.test");
    const result = await searchLockbox(bob);
    const { scrollWidth, innerWidth } = await bob.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    expect(innerWidth).toBe(360);
    expect(scrollWidth, "the results are wider than the screen").toBeLessThanOrEqual(innerWidth);
    await expectNoAxeViolations(bob);
    await result.tap();
    await expectLandedOnIt(bob);
    // Back returns to the results.
    await bob.goBack();
    await expect(results(bob).getByRole("link", { name: /lockbox/ })).toBeVisible();
  });
});
