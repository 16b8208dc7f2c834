// A new workspace is no dead end (issue 14, point 7): the Chat widget settings page, the demo
// workspace's conversations, the email delay in words, the branded 404 and unknown-chat pages,
// and the favicon.
import type { Page } from "@playwright/test";
import { parseDuration } from "@/lib/settings/durations";
import { baseURL } from "../playwright.config";
import { expect, expectNoAxeViolations, mentioning, setEmailDelay, test, unreadOf } from "./fixtures";

const origin = new URL(baseURL).origin;
const chatPage = `${origin}/chat/acme`;
const snippet = `<script src="${origin}/widget.js" data-workspace="acme" async></script>`;
const PHONE = { width: 390, height: 844 };
const PREVIEW = 'iframe[title="Chat widget preview"]';

/** Nothing sticks out sideways: the page scrolls only down. */
async function expectFitsWidth(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

/** What the browser reports refusing under the Content Security Policy, in every frame. */
function cspViolations(page: Page) {
  const refused: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (frame|display)/.test(message.text()))
      refused.push(message.text());
  });
  return refused;
}

test("an admin finds the chat page, the widget's script with Copy, the framing sites and a live preview", async ({
  signIn,
}) => {
  const alice = await signIn("alice@acme.test");
  await alice.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const refused = cspViolations(alice);
  await alice.goto("/settings/notifications");
  await alice
    .getByRole("navigation", { name: "Settings" })
    .getByRole("link", { name: "Chat widget" })
    .click();
  await expect(alice).toHaveURL(/\/settings\/chat-widget$/);
  await expect(alice).toHaveTitle(/^(\(\d+\) )?Chat widget · Acme Support$/);
  await expect(alice.getByRole("heading", { level: 1, name: "Chat widget" })).toBeVisible();

  await expect(alice.getByText(chatPage, { exact: true })).toBeVisible();
  await expect(alice.getByRole("link", { name: "Open the chat page" })).toHaveAttribute("href", chatPage);
  await expect(alice.getByText(snippet, { exact: true })).toBeVisible();
  const copied = alice.getByRole("status").filter({ hasText: "Copied" });
  await expect(copied).toHaveCount(0);
  await alice.getByRole("button", { name: "Copy the script" }).click();
  await expect(copied).toBeVisible();
  expect(await alice.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
  await alice.getByRole("button", { name: "Copy the chat page address" }).click();
  await expect.poll(() => alice.evaluate(() => navigator.clipboard.readText())).toBe(chatPage);

  // The framing sites are edited here now, and no longer on the Workspace page.
  await expect(alice.getByLabel("Sites that may show the chat widget")).toHaveAccessibleDescription(
    /Leave empty to allow any site/,
  );

  // The preview is the real chat page in a frame, which its framing rule lets this app show.
  const preview = alice.frameLocator(PREVIEW);
  await expect(preview.getByRole("textbox", { name: "Message" })).toBeVisible();
  // A picture of it: inert, so keyboards and screen readers stay on this page.
  await expect(alice.locator(PREVIEW)).toHaveAttribute("inert", "");
  await expect(alice.getByRole("link", { name: "Try the widget on a sample site" })).toHaveAttribute(
    "href",
    "/widget-demo?workspace=acme",
  );
  await expectNoAxeViolations(alice);
  expect(refused).toEqual([]);

  await alice.goto("/settings/workspace");
  await expect(alice.getByRole("heading", { level: 1, name: "Workspace settings" })).toBeVisible();
  await expect(alice.getByLabel("Sites that may show the chat widget")).toHaveCount(0);
});

test("the preview shows even when the workspace lists the sites that may frame its chat", async ({
  signIn,
}) => {
  const alice = await signIn("alice@acme.test");
  const refused = cspViolations(alice);
  await alice.goto("/settings/chat-widget");
  const sites = alice.getByLabel("Sites that may show the chat widget");
  const form = alice.locator("form").filter({ has: sites });
  const save = form.getByRole("button", { name: "Save changes" });
  const saved = form.getByRole("status");
  await sites.fill("https://shop.example.com");
  await save.click();
  await expect(saved).toHaveText("Saved");
  try {
    await alice.reload();
    await expect(alice.frameLocator(PREVIEW).getByRole("textbox", { name: "Message" })).toBeVisible();
    expect(refused).toEqual([]);
  } finally {
    // Any site again, as the other specs expect.
    await sites.fill("");
    await save.click();
    await expect(saved).toHaveText("Saved");
  }
});

test("Copy selects the text and says how to copy it when the browser refuses the clipboard", async ({
  signIn,
}) => {
  const alice = await signIn("alice@acme.test");
  await alice.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "clipboard", {
      get: () => ({
        writeText: () => Promise.reject(new DOMException("Write permission denied.", "NotAllowedError")),
      }),
    });
  });
  await alice.goto("/settings/chat-widget");
  await alice.getByRole("button", { name: "Copy the chat page address" }).click();
  await expect(alice.getByRole("status").filter({ hasText: "press Ctrl+C" })).toBeVisible();
  await expect(alice.getByRole("status").filter({ hasText: "Copied" })).toHaveCount(0);
  expect(await alice.evaluate(() => window.getSelection()?.toString())).toBe(chatPage);
});

test("a member who is not an admin has no Chat widget page, like the other workspace pages", async ({
  signIn,
}) => {
  const bob = await signIn("bob@acme.test");
  await bob.goto("/settings/notifications");
  const nav = bob.getByRole("navigation", { name: "Settings" });
  await expect(nav.getByRole("link", { name: "Notifications" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Chat widget" })).toHaveCount(0);
  await bob.goto("/settings/chat-widget");
  await expect(bob).toHaveURL(/\/settings\/notifications$/);
});

test("the email delay shows in words and takes seconds or units", async ({ signIn }) => {
  const alice = await signIn("alice@acme.test");
  await alice.goto("/settings/workspace");
  const delay = alice.getByLabel("Email delay", { exact: true });
  const before = parseDuration(await delay.inputValue());
  expect(before).not.toBeNull();
  try {
    await expect(delay).toHaveValue(/^\d+ (hour|minute|second)s?\b/);
    await delay.fill("90");
    await expect(delay).toHaveAccessibleDescription(/^= 1 minute 30 seconds/);
    await delay.fill("2h");
    await expect(delay).toHaveAccessibleDescription(/^= 2 hours/);
    await alice.getByRole("button", { name: "Save changes" }).click();
    await expect(alice.locator("form").getByRole("status")).toHaveText("Saved");
    await expect(delay).toHaveValue("2 hours");
    await alice.reload();
    await expect(delay).toHaveValue("2 hours");

    await delay.fill("soon");
    await alice.getByRole("button", { name: "Save changes" }).click();
    await expect(alice.locator("form").getByRole("alert")).toHaveText(
      "Enter a delay, such as 90 (seconds), 5 min or 2 hours.",
    );
    await alice.reload();
    await expect(delay).toHaveValue("2 hours");
  } finally {
    // Back as it was, through the helper the other specs use: it types seconds.
    await setEmailDelay(alice, before as number);
  }
});

test("an unknown address shows the branded 404 page, with a way back", async ({ newContext }) => {
  for (const viewport of [{ width: 1280, height: 800 }, PHONE]) {
    const page = await (await newContext()).newPage();
    await page.setViewportSize(viewport);
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page).toHaveTitle("Page not found · Helpdesk Messenger");
    await expect(
      page.getByRole("main").getByRole("heading", { level: 1, name: "Page not found" }),
    ).toBeVisible();
    await expectNoAxeViolations(page);
    await expectFitsWidth(page);
    // Signed out, the way back leads through the sign-in page.
    await page.getByRole("link", { name: "Go to the messenger" }).click();
    await expect(page).toHaveURL(/\/login\?next=%2Fmessenger$/);
  }
});

test("a widget embedded with an unknown workspace says the chat isn't available", async ({ page }) => {
  const response = await page.goto("/chat/nope");
  expect(response?.status()).toBe(404);
  await expect(page).toHaveTitle("Chat not available");
  await expect(page.getByRole("heading", { level: 1, name: /This chat isn.t available/ })).toBeVisible();
  // For customers: nothing leads into the team's app (the skip link only leads down the page).
  await expect(page.getByRole("link").filter({ hasNotText: "Skip to main content" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  await page.goto("/widget-demo?workspace=nope");
  await page.getByRole("button", { name: "Open chat" }).click();
  const frame = page.frameLocator('iframe[title="Live chat"]');
  await expect(frame.getByRole("heading", { name: /This chat isn.t available/ })).toBeVisible();
});

test.describe("at phone size", () => {
  test.use({ viewport: PHONE });

  test("the Chat widget page fits, and its preview shows", async ({ signIn }) => {
    const alice = await signIn("alice@acme.test");
    await alice.goto("/settings/chat-widget");
    await expect(alice.getByRole("button", { name: "Copy the script" })).toBeVisible();
    const preview = alice.locator(PREVIEW);
    await preview.scrollIntoViewIfNeeded();
    await expect(alice.frameLocator(PREVIEW).getByRole("textbox", { name: "Message" })).toBeVisible();
    expect((await preview.boundingBox())?.width).toBeLessThanOrEqual(PHONE.width);
    await expectFitsWidth(alice);
    await expectNoAxeViolations(alice);
  });

  test("the unknown workspace's message fills the widget's full-screen panel", async ({ page }) => {
    await page.goto("/widget-demo?workspace=nope");
    await page.getByRole("button", { name: "Open chat" }).click();
    const frame = page.frameLocator('iframe[title="Live chat"]');
    await expect(frame.getByRole("heading", { name: /This chat isn.t available/ })).toBeInViewport();
    await expectFitsWidth(page);
  });
});

test("every page has the favicon, signed in or out, and none asks for one that is missing", async ({
  newContext,
  signIn,
  request,
}) => {
  const asked: string[] = [];
  const missing: string[] = [];
  const watch = (page: Page) => {
    page.on("response", (response) => {
      if (!/\/(favicon\.ico|icon[^/]*\.svg)(\?|$)/.test(response.url())) return;
      asked.push(response.url());
      if (response.status() >= 400) missing.push(`${response.status()} ${response.url()}`);
    });
    return page;
  };
  const visitor = watch(await (await newContext()).newPage());
  for (const path of ["/login", "/no-such-page", "/chat/acme", "/chat/nope", "/widget-demo"]) {
    await visitor.goto(path);
    const icons = await visitor
      .locator('link[rel="icon"]')
      .evaluateAll((links) => links.map((link) => link.getAttribute("href")));
    // The SVG for browsers that take it, the .ico for the others.
    expect(icons, path).toEqual([
      expect.stringMatching(/^\/favicon\.ico/),
      expect.stringMatching(/^\/icon\.svg/),
    ]);
  }
  const alice = watch(await signIn("alice@acme.test"));
  await alice.goto("/settings/chat-widget");
  await expect.poll(() => asked.length).toBeGreaterThan(0);
  expect(missing).toEqual([]);

  // Signed out: the proxy lets both through, for browsers that ask for /favicon.ico regardless.
  const svg = await request.get("/icon.svg");
  expect([svg.status(), svg.headers()["content-type"]]).toEqual([200, "image/svg+xml"]);
  const ico = await request.get("/favicon.ico", { maxRedirects: 0 });
  expect([ico.status(), ico.headers()["content-type"]]).toEqual([200, "image/x-icon"]);
});

test("the demo emails nobody about its history", async () => {
  // Texts from the demo's threads, the unread ones among them: the server's sweep (every second
  // in this run) would have sent anything due long ago.
  const texts = [
    "CSV import failed at 12 MB",
    "sandbox API key",
    "asked for this in May",
    "Team lunch on Friday",
  ];
  for (const address of [
    "alice@acme.test",
    "bob@acme.test",
    "carol@acme.test",
    "dana@customer.test",
    "erin@customer.test",
  ])
    for (const text of texts) expect(await mentioning(address, text), `${address}: ${text}`).toEqual([]);
});

test.describe("the demo workspace", () => {
  // The embedded server (playwright.config.ts: the main one's port + 1), where no spec opens a
  // demo thread, so it is as the seed left it, but for what other specs wrote there.
  const embedded = new URL(baseURL);
  embedded.port = String(Number(embedded.port) + 1);
  test.use({ baseURL: embedded.origin });

  const unreadIn = {
    "alice@acme.test": "inbox",
    "bob@acme.test": "open",
    "carol@acme.test": "items",
  } as const;
  const views = {
    open: "Open Conversations",
    closed: "Closed",
    inbox: "Internal Inbox",
    sent: "Internal Sent",
    items: "Followed items",
  } as const;

  for (const [email, unreadView] of Object.entries(unreadIn)) {
    test(`${email} finds conversations in every view, and one waiting unread in ${views[unreadView]}`, async ({
      signIn,
    }) => {
      const member = await signIn(email);
      expect(await unreadOf(member)).toBeGreaterThanOrEqual(1);
      for (const [view, label] of Object.entries(views)) {
        await member.goto(`/messenger?view=${view}`);
        const list = member.getByRole("region", { name: `${label} conversations` });
        await expect(list.getByRole("link").first(), label).toBeVisible();
        if (view === unreadView)
          await expect(list.getByRole("link", { name: /Unread/ }).first(), label).toBeVisible();
      }
    });
  }
});
