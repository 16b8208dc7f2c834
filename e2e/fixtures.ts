import AxeBuilder from "@axe-core/playwright";
import {
  type BrowserContext,
  type BrowserContextOptions,
  test as base,
  expect,
  type Locator,
  type Page,
} from "@playwright/test";
import type { FakeEmail } from "@/lib/email/fake-resend";
import { formatDuration, parseDuration } from "@/lib/settings/durations";
import { fakeResendURL } from "../playwright.config";

export const DEMO_PASSWORD = "demo-password-1";

export type FleetOptions = {
  /** The realtime driver the server under test runs. */
  realtime: "builtin" | "pusher";
  /** Other instances of the app on the same database, whose sweeps may send this one's email. */
  peers: string[];
};

/**
 * The Playwright test, with `signIn(email)`: a fresh browser context signed in as one of the demo
 * team members. The contexts close when the test ends, so their live connections do too. Both take
 * context options: the fleet's specs sign people in on another instance (`{ baseURL }`).
 * The worker options say what the server under test is (the fleet's config runs some specs again
 * on Soketi, and others across instances).
 */
export const test = base.extend<
  {
    signIn: (email: string, options?: BrowserContextOptions) => Promise<Page>;
    newContext: (options?: BrowserContextOptions) => Promise<BrowserContext>;
  },
  FleetOptions
>({
  realtime: ["builtin", { option: true, scope: "worker" }],
  peers: [[], { option: true, scope: "worker" }],
  newContext: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (options) => {
      const context = await browser.newContext(options);
      contexts.push(context);
      return context;
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
  signIn: async ({ newContext }, use) => {
    await use(async (email, options) => signInWith(await newContext(options), email));
  },
});

export { expect };

async function signInWith(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/messenger/);
  return page;
}

/** Every email the app has sent through the fake Resend so far, to one address. */
export async function emailsTo(address: string): Promise<FakeEmail[]> {
  const response = await fetch(`${fakeResendURL}/__emails`);
  const emails = (await response.json()) as FakeEmail[];
  return emails.filter((email) => email.to.includes(address));
}

/** The emails to one address whose text includes `text`. */
export const mentioning = async (address: string, text: string) =>
  (await emailsTo(address)).filter((email) => email.text.includes(text));

/** The chat link in a customer email: the button's `<a href>`, under /chat/. */
export function chatLinkIn(html: string) {
  const href = /href="([^"]*\/chat\/[^"]*)"/.exec(html)?.[1];
  if (!href) throw new Error("no /chat/ link in the email");
  return href.replaceAll("&amp;", "&");
}

/** One of the three email choices on /settings/notifications (push has the same three names). */
export const emailChoice = (
  page: Page,
  name: "All messages" | "Only direct conversations and mentions" | "None",
) =>
  page
    .getByRole("group", { name: "Email me about messages I have not seen" })
    .getByRole("radio", { name, exact: true });

/** The first http(s) address in a text. */
export const firstLink = (text: string) => /https?:\/\/\S+/.exec(text)?.[0] ?? "";

/** From the Internal Sent view: a new conversation with one teammate; returns its address. */
export async function startConversationWith(page: Page, who: string, body: string) {
  await page.goto("/messenger?view=sent&draft=user");
  await page.getByRole("combobox", { name: "To" }).fill(`@${who}`);
  await page.getByRole("option", { name: new RegExp(who) }).click();
  await page.getByRole("textbox", { name: "Message" }).fill(body);
  await page.getByRole("button", { name: "Create new conversation" }).click();
  await expect(page).toHaveURL(/\/messenger\/c\//);
  return page.url();
}

/** The Messenger link's accessible name: "Messenger" or "Messenger, N unread". */
export const badge = (page: Page, unread: number) =>
  page.getByRole(
    "link",
    unread > 0 ? { name: `Messenger, ${unread} unread` } : { name: "Messenger", exact: true },
  );

/** The unread count on the Messenger link: other tests in the run may have left some. */
export async function unreadOf(page: Page) {
  const link = page.getByRole("navigation", { name: "Main" }).getByRole("link").first();
  return Number(/(\d+) unread/.exec((await link.getAttribute("aria-label")) ?? "")?.[1] ?? 0);
}

/**
 * As an admin, sets the workspace's email delay, typed in seconds as the field accepts; a no-op
 * when it already has that value (another spec set it). The field shows it in words ("1 minute").
 */
export async function setEmailDelay(admin: Page, seconds: number) {
  await admin.goto("/settings/workspace");
  const delay = admin.getByLabel("Email delay", { exact: true });
  if (parseDuration(await delay.inputValue()) === seconds) return;
  await delay.fill(String(seconds));
  await admin.getByRole("button", { name: "Save changes" }).click();
  await expect(admin.locator("form").getByRole("status")).toHaveText("Saved");
  await expect(delay).toHaveValue(formatDuration(seconds));
}

/**
 * A customer signs in to the chat page with an emailed link, as someone who has chatted before
 * does on a new browser (Sign in, under the message box). The
 * sign-in email is picked out of any others that arrive meanwhile (a message emailed to them).
 * An address may ask for a few links per 15 minutes: a spec that needs the customer in several
 * tests signs in once and reuses the context's storageState.
 */
export async function signInToChat(page: Page, address: string) {
  const before = (await emailsTo(address)).length;
  await page.goto("/chat/acme");
  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByLabel("Email").fill(address);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText("Check your email");
  let link = "";
  await expect
    .poll(
      async () => {
        const fresh = (await emailsTo(address)).slice(before);
        const signIn = fresh.find((email) => email.html.includes("/sign-in?token="));
        link = signIn ? chatLinkIn(signIn.html) : "";
        return link;
      },
      { timeout: 10_000 },
    )
    .not.toBe("");
  await page.goto(link);
  await page.getByRole("button", { name: "Continue to chat" }).click();
  await expect(page.getByRole("heading", { name: "Your conversations" })).toBeVisible();
  // The page shows from the action's answer, which may come before the browser has stored its
  // cookie; the next navigation needs the cookie.
  await expect
    .poll(async () => (await page.context().cookies()).some((cookie) => cookie.name === "chat_session"))
    .toBe(true);
}

/** Zero axe-core violations on the page as it is now, dialogs and menus included. */
export async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map(({ id, nodes }) => `${id}: ${nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
}

/**
 * Clicks `trigger` until `shown` shows (a menu, a dialog, the button that replaces it): a click
 * that lands before the page is hydrated does nothing.
 */
export async function clickUntil(trigger: Locator, opened: Locator) {
  await expect(async () => {
    if (!(await opened.isVisible())) await trigger.click({ timeout: 2_000 });
    await expect(opened).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  return opened;
}

/** Add → one of its menu items. */
export async function chooseFromAddMenu(page: Page, item: string) {
  const menuItem = await clickUntil(
    page.getByRole("button", { name: "Add" }),
    page.getByRole("menuitem", { name: item }),
  );
  await menuItem.click();
}

/**
 * A team member starts a conversation with one customer (a first name is enough: "Dana"), from the
 * messenger's new customer conversation; returns its id.
 */
export async function writeToCustomer(page: Page, customer: string, body: string) {
  await page.goto("/messenger?view=open&draft=customer");
  await page.getByRole("combobox", { name: "To" }).fill(`@${customer}`);
  await page.getByRole("option", { name: new RegExp(customer) }).click();
  await page.getByRole("textbox", { name: "Message" }).fill(body);
  await page.getByRole("button", { name: "Create new conversation" }).click();
  await expect(page).toHaveURL(/\/messenger\/c\/[0-9a-f-]+/);
  return new URL(page.url()).pathname.split("/").at(-1) as string;
}

/** Alice, from Add → Conversation with customer, writes to Dana with Bob following. */
export async function startWithDana(alice: Page, body: string) {
  await alice.goto("/messenger");
  await chooseFromAddMenu(alice, "Conversation with customer");
  await expect(alice).toHaveURL(/view=open&draft=customer/);
  await expect(alice.getByRole("region", { name: "Open Conversations conversations" })).toBeVisible();
  const to = alice.getByRole("combobox", { name: "To" });
  await to.fill("@Dana");
  const dana = alice.getByRole("option", { name: /Dana Diaz/ });
  await expect(dana).toContainText("Customer");
  await dana.click();
  await to.fill("@Bob");
  const bob = alice.getByRole("option", { name: /Bob Builder/ });
  await expect(bob).toContainText("Team");
  await bob.click();
  await alice.getByRole("textbox", { name: "Message" }).fill(body);
  await alice.getByRole("button", { name: "Create new conversation" }).click();
  await expect(alice).toHaveURL(/\/messenger\/c\/[0-9a-f-]+\?view=open/);
  return new URL(alice.url()).pathname.split("/").at(-1) as string;
}

/**
 * Types into `composer` until `watcher` sees "`who` is typing…". A notice sent before the watcher's
 * page is subscribed to the thread is gone (on Pusher, subscribing takes a signed round trip), and
 * the next one waits 3 s: so type again until it shows.
 */
export async function typeUntilSeen(composer: Locator, watcher: Page, who: string, text: string) {
  await expect(async () => {
    await composer.fill("");
    await composer.pressSequentially(text);
    await expect(watcher.getByText(`${who} is typing…`)).toBeVisible({ timeout: 4_000 });
  }).toPass({ timeout: 20_000 });
}
