// The embeddable chat widget (public/widget.js) on the demo page, which includes it exactly as a
// customer's site would.
import { expect, test } from "./fixtures";

const FRAME = 'iframe[title="Live chat"]';

test("the launcher opens the workspace's chat page in a panel; Escape closes it", async ({ page }) => {
  await page.goto("/widget-demo");
  const launcher = page.getByRole("button", { name: "Open chat" });
  await expect(launcher).toBeVisible();
  await expect(launcher).toHaveAttribute("aria-expanded", "false");
  // No frame, so no live connection, until the visitor opens the chat.
  await expect(page.locator(FRAME)).toHaveCount(0);

  await launcher.click();
  const frame = page.locator(FRAME);
  await expect(frame).toBeVisible();
  // The frame starts at the widget's entry (with the site's identity, if any), then the chat page.
  expect(await frame.getAttribute("src")).toMatch(/\/chat\/acme\/widget$/);
  await expect(page.getByRole("button", { name: "Close chat", expanded: true })).toBeVisible();
  const panel = page.getByRole("dialog", { name: "Chat with us" });
  await expect(panel).toBeVisible();

  // The hosted chat page, ready for a visitor's first message.
  await expect(page.frameLocator(FRAME).getByRole("textbox", { name: "Message" })).toBeVisible();

  // Escape with focus inside the panel closes it and gives focus back to the launcher.
  await panel.press("Escape");
  await expect(frame).toBeHidden();
  await expect(page.getByRole("button", { name: "Open chat", expanded: false })).toBeFocused();

  // Reopening shows the same frame: the conversation survives closing.
  const element = await frame.elementHandle();
  await page.getByRole("button", { name: "Open chat" }).click();
  await expect(frame).toBeVisible();
  await expect(page.locator(FRAME)).toHaveCount(1);
  expect(await element?.evaluate((node) => node.isConnected)).toBe(true);

  // The chat page's bar is the panel's only header, and its close button closes the panel.
  await page.frameLocator(FRAME).getByRole("button", { name: "Close chat" }).click();
  await expect(frame).toBeHidden();
  await expect(page.getByRole("button", { name: "Open chat" })).toBeFocused();
});

test.describe("on a phone", () => {
  const viewport = { width: 390, height: 844 };
  test.use({ viewport });

  test("the open chat fills the screen", async ({ page }) => {
    await page.goto("/widget-demo");
    await page.getByRole("button", { name: "Open chat" }).click();
    const panel = page.getByRole("dialog", { name: "Chat with us" });
    const frame = page.locator(FRAME);
    await expect(frame).toBeVisible();

    // The panel covers the whole viewport (polled: it eases in); the frame fills it, from edge to
    // edge and top to bottom: once the chat page is up, its bar is the panel's only header.
    await expect.poll(() => panel.boundingBox()).toEqual({ x: 0, y: 0, ...viewport });
    const box = await frame.boundingBox();
    expect(box).not.toBeNull();
    if (!box) return;
    expect(box.x).toBe(0);
    expect(box.width).toBe(viewport.width);
    expect(box.y + box.height).toBe(viewport.height);
    await expect(page.frameLocator(FRAME).getByRole("button", { name: "Close chat" })).toBeVisible();
    await expect.poll(async () => (await frame.boundingBox())?.y).toBe(0);

    // The launcher steps aside while the chat is open; the chat page's close button closes it.
    await expect(page.getByRole("button", { name: "Close chat" })).toHaveCount(0);
    await page.frameLocator(FRAME).getByRole("button", { name: "Close chat" }).click();
    await expect(frame).toBeHidden();
    await expect(page.getByRole("button", { name: "Open chat" })).toBeVisible();
  });
});
