import { type Browser, expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo-password-1";

/** A fresh browser context signed in as one of the demo team members. */
export async function signIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/messenger/);
  return page;
}
