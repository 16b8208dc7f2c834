// Visitors (issue 18): someone on a customer's site writes in the widget at once, with no sign-in;
// they may give an address, which is emailed only once they confirm it.
import type { Page } from "@playwright/test";
import { chatLinkIn, emailsTo, expect, mentioning, setEmailDelay, test } from "./fixtures";

const FRAME = 'iframe[title="Live chat"]';

/** Opens the widget on the demo site and sends a first message from its message box. */
async function visitorWrites(page: Page, body: string) {
  await page.goto("/widget-demo");
  await page.getByRole("button", { name: "Open chat" }).click();
  const frame = page.frameLocator(FRAME);
  await frame.getByRole("textbox", { name: "Message" }).fill(body);
  await frame.getByRole("button", { name: "Send" }).click();
  await expect(frame.getByRole("list", { name: "Conversation history" }).getByText(body)).toBeVisible();
  return frame;
}

/** What the team's thread says of a visitor: nothing is emailed to them yet. */
const visitorNote = (alice: Page) =>
  alice.getByRole("note").filter({ hasText: "no email reaches them until they confirm an address" });

/** Alice opens the visitor's conversation from Open Conversations, where it is marked Visitor. */
async function aliceOpens(alice: Page, body: string) {
  await alice.goto("/messenger?view=open");
  const row = alice
    .getByRole("region", { name: "Open Conversations conversations" })
    .getByRole("link", { name: new RegExp(body) });
  await expect(row).toContainText("Visitor");
  await row.click();
  await expect(visitorNote(alice)).toBeVisible();
}

test("a visitor writes in the widget at once, and Alice's reply arrives live", async ({ page, signIn }) => {
  const run = Math.random().toString(36).slice(2, 8);
  const frame = await visitorWrites(page, `Do you ship to Oslo? ${run}`);
  // After the first message, the chat asks how to reach them.
  await expect(frame.getByLabel("Name", { exact: true })).toBeVisible();
  await expect(frame.getByLabel("Email", { exact: true })).toBeVisible();
  await expect(frame.getByRole("button", { name: "Notify me by email" })).toBeVisible();

  const alice = await signIn("alice@acme.test");
  await aliceOpens(alice, `Do you ship to Oslo\\? ${run}`);
  await alice.getByRole("textbox", { name: "Message" }).fill(`We do, in two days ${run}`);
  await alice.getByRole("button", { name: "Send" }).click();

  // Live in the visitor's panel, with no reload.
  await expect(
    frame.getByRole("list", { name: "Conversation history" }).getByText(`We do, in two days ${run}`),
  ).toBeVisible();
});

test("a visitor confirms the address they gave, and then a reply reaches them by email", async ({
  page,
  signIn,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const address = `visitor-${run}@example.test`;
  const alice = await signIn("alice@acme.test");
  await setEmailDelay(alice, 2);
  const frame = await visitorWrites(page, `Where is my parcel? ${run}`);

  await frame.getByLabel("Name", { exact: true }).fill("Vera Visitor");
  await frame.getByLabel("Email", { exact: true }).fill(address);
  await frame.getByRole("button", { name: "Notify me by email" }).click();
  await expect(frame.getByRole("status").filter({ hasText: "Check your inbox" })).toContainText(address);

  // The visitor closes the panel; a reply before the address is confirmed waits there, unseen.
  await frame.getByRole("textbox", { name: "Message" }).press("Escape");
  await expect(page.locator(FRAME)).toBeHidden();
  await aliceOpens(alice, `Where is my parcel\\? ${run}`);
  await alice.getByRole("textbox", { name: "Message" }).fill(`Before confirming ${run}`);
  await alice.getByRole("button", { name: "Send" }).click();

  // The one email so far is the link to confirm the address.
  let link = "";
  await expect
    .poll(
      async () => {
        const [confirmation] = await emailsTo(address);
        link = confirmation ? chatLinkIn(confirmation.html) : "";
        return link;
      },
      { timeout: 10_000 },
    )
    .toContain("/sign-in?token=");
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Confirm your email address" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page.getByRole("heading", { name: "Your conversations" })).toBeVisible();
  await expect(page.getByText(`Signed in as ${address}`)).toBeVisible();

  // Confirmed: the reply they missed is emailed, and so is the next one.
  await expect
    .poll(() => mentioning(address, `Before confirming ${run}`), { timeout: 15_000 })
    .toHaveLength(1);
  await page.goto("about:blank");
  await alice.reload();
  await expect(visitorNote(alice)).toHaveCount(0);
  await alice.getByRole("textbox", { name: "Message" }).fill(`After confirming ${run}`);
  await alice.getByRole("button", { name: "Send" }).click();
  await expect
    .poll(() => mentioning(address, `After confirming ${run}`), { timeout: 15_000 })
    .toHaveLength(1);
  expect((await emailsTo(address)).length).toBe(3);
});

test("the chat page without a session offers a message box and, for returning customers, Sign in", async ({
  page,
}) => {
  await page.goto("/chat/acme");
  await expect(page.getByRole("textbox", { name: "Message" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
  await expect(page.getByText("We usually reply within a few hours").first()).toBeVisible();
  await page.getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/chat\/acme\/sign-in$/);
  await expect(page.getByLabel("Email")).toBeVisible();
});
