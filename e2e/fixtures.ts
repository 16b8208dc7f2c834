import { type BrowserContext, test as base, expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo-password-1";

/**
 * The Playwright test, with `signIn(email)`: a fresh browser context signed in as one of the demo
 * team members. The contexts close when the test ends, so their live connections do too.
 */
export const test = base.extend<{
  signIn: (email: string) => Promise<Page>;
  newContext: () => Promise<BrowserContext>;
}>({
  newContext: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async () => {
      const context = await browser.newContext();
      contexts.push(context);
      return context;
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
  signIn: async ({ newContext }, use) => {
    await use(async (email) => signInWith(await newContext(), email));
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
