// Identity verification (lib/chat/identity.ts): the demo site with Dana Diaz signed in passes her
// signed identity to the widget, which signs her in to the chat at once; a forged signature gets a
// visitor's chat; rotating the secret signs out the widget's sessions made with the old one.
import type { Page } from "@playwright/test";
import { expect, expectNoAxeViolations, startWithDana, test } from "./fixtures";

const FRAME = 'iframe[title="Live chat"]';

async function openWidget(page: Page, path: string) {
  await page.goto(path);
  await page.getByRole("button", { name: "Open chat" }).click();
  return page.frameLocator(FRAME);
}

test("A second page with identity verification signs Dana in at once, and a forged HMAC does not", async ({
  signIn,
  newContext,
}) => {
  // A conversation of Dana's that no other spec writes in, to look for.
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test");
  await startWithDana(alice, `Identity hello ${run}`);
  const danas = new RegExp(`Identity hello ${run}`);

  // A fresh browser: no chat session, no email, no sign-in form.
  const page = await (await newContext()).newPage();
  const frame = await openWidget(page, "/widget-demo/verified");
  await expect(page.getByText("signed in as Dana Diaz", { exact: true })).toBeVisible();
  await expect(frame.getByRole("heading", { name: "Your conversations" })).toBeVisible();
  await expect(frame.getByRole("link", { name: danas })).toBeVisible();

  // The next page view keeps her session, and shows the same.
  await page.goto("/widget-demo/verified");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Open chat" }).click();
  await expect(frame.getByRole("link", { name: danas })).toBeVisible();

  // Another fresh browser, with a forged signature: a visitor's chat, nothing of Dana's.
  const forgedPage = await (await newContext()).newPage();
  const forged = await openWidget(forgedPage, "/widget-demo/verified?forged=1");
  await expect(forgedPage.getByText("with a forged signature", { exact: true })).toBeVisible();
  await expect(forged.getByRole("textbox", { name: "Message" })).toBeVisible();
  await expect(forged.getByRole("button", { name: "Send" })).toBeVisible();
  await expect(forged.getByText(danas)).toHaveCount(0);
  await expect(forged.getByText(/Signed in as/)).toHaveCount(0);
  await expect(forged.getByRole("heading", { name: "Your conversations" })).toHaveCount(0);
  // Nor does the chat page itself, in the same browser.
  await forgedPage.goto("/chat/acme");
  await expect(forgedPage.getByText(danas)).toHaveCount(0);

  // Dana's browser, now given the forged signature, is signed out of the chat: her session was
  // made from an identity the page no longer vouches for.
  const signedOut = await openWidget(page, "/widget-demo/verified?forged=1");
  await expect(signedOut.getByRole("textbox", { name: "Message" })).toBeVisible();
  await expect(signedOut.getByText(danas)).toHaveCount(0);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 780 } });

  test("an admin rotates the identity secret, and the widget's session made with the old one ends", async ({
    signIn,
    newContext,
  }) => {
    const page = await (await newContext()).newPage();
    const frame = await openWidget(page, "/widget-demo/verified");
    await expect(frame.getByRole("heading", { name: "Your conversations" })).toBeVisible();

    const alice = await signIn("alice@acme.test");
    await alice.setViewportSize({ width: 360, height: 780 });
    await alice.goto("/settings/chat-widget");
    const section = alice.getByRole("region", { name: "Identity verification" });
    const secret = section.locator("#identity-secret");
    const before = (await secret.textContent()) ?? "";
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    await expect(section.getByRole("button", { name: "Copy the identity secret" })).toBeVisible();
    await expect(alice.getByLabel("Greeting", { exact: true })).toBeVisible();
    await expect(alice.getByLabel("Usual reply time")).toBeVisible();
    expect(await alice.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expectNoAxeViolations(alice);

    await section.getByRole("button", { name: "Rotate secret" }).click();
    const dialog = alice.getByRole("dialog", { name: "Rotate the identity secret?" });
    await expect(dialog).toContainText("every chat session made with it ends");
    await expectNoAxeViolations(alice);
    await dialog.getByRole("button", { name: "Rotate the secret" }).click();
    await expect(dialog).toBeHidden();
    await expect(secret).not.toHaveText(before);
    await expect(secret).toHaveText(/^[0-9a-f]{64}$/);

    // The frame's page was signed with the old secret: reloaded as it is, it is a visitor's chat.
    const chat = page.frame({ url: /\/chat\/acme\?embed=1$/ });
    expect(chat).not.toBeNull();
    await chat?.goto(chat.url());
    await expect(frame.getByRole("textbox", { name: "Message" })).toBeVisible();
    await expect(frame.getByRole("heading", { name: "Your conversations" })).toHaveCount(0);
    // The site, signing with the new secret, signs her in again.
    const signedAgain = await openWidget(page, "/widget-demo/verified");
    await expect(signedAgain.getByRole("heading", { name: "Your conversations" })).toBeVisible();
  });
});
