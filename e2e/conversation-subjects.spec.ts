import type { Page } from "@playwright/test";
import { expect, expectNoAxeViolations, test, unreadOf } from "./fixtures";

const run = () => Math.random().toString(36).slice(2, 8);

/** The unread counts beside the views, summed: each conversation is in one view only. */
async function sumOfViewCounts(page: Page) {
  const names = await page
    .getByRole("navigation", { name: "Views" })
    .getByRole("link")
    .evaluateAll((links) => links.map((link) => link.textContent ?? ""));
  return names.reduce((sum, name) => sum + Number(/, (\d+) unread/.exec(name)?.[1] ?? 0), 0);
}

test("two conversations with Bob are told apart by a subject or their first line, and the counts add up", async ({
  signIn,
}) => {
  const id = run();
  const alice = await signIn("alice@acme.test");
  const bob = await signIn("bob@acme.test");

  // One with a subject, typed after picking Bob; Enter in Subject goes on to the message.
  await alice.goto("/messenger?view=sent&draft=user");
  await alice.getByRole("combobox", { name: "To" }).fill("@Bo");
  await alice.getByRole("option", { name: /Bob Builder/ }).click();
  const subject = alice.getByRole("textbox", { name: "Subject" });
  await subject.fill(`  March invoice ${id}  `);
  await subject.press("Enter");
  await expect(alice.getByRole("textbox", { name: "Message" })).toBeFocused();
  await expectNoAxeViolations(alice);
  await alice.getByRole("textbox", { name: "Message" }).fill(`Can you check INV-${id}?`);
  await alice.getByRole("button", { name: "Create new conversation" }).click();
  await expect(alice).toHaveURL(/\/messenger\/c\//);
  const withSubject = alice.url();
  await expect(alice.getByRole("heading", { name: `March invoice ${id}` })).toBeVisible();

  // One without: its first line tells it apart.
  await alice.goto("/messenger?view=sent&draft=user");
  await alice.getByRole("combobox", { name: "To" }).fill("@Bo");
  await alice.getByRole("option", { name: /Bob Builder/ }).click();
  await alice.getByRole("textbox", { name: "Message" }).fill(`Lunch on Friday ${id}?`);
  await alice.getByRole("textbox", { name: "Message" }).press("Shift+Enter");
  await alice.getByRole("textbox", { name: "Message" }).pressSequentially("The usual place.");
  await alice.getByRole("button", { name: "Create new conversation" }).click();
  await expect(alice).toHaveURL(/\/messenger\/c\//);
  const withoutSubject = alice.url();
  await expect(alice.getByRole("heading", { name: "Bob Builder" })).toBeVisible();
  const sent = alice.getByRole("region", { name: "Internal Sent conversations" });
  await expect(
    sent.getByRole("link", { name: new RegExp(`Bob Builder.*March invoice ${id}`) }),
  ).toBeVisible();
  await expect(
    sent.getByRole("link", { name: new RegExp(`Bob Builder.*Lunch on Friday ${id}`) }),
  ).toBeVisible();

  // Bob answers both, while Alice is on her Inbox (an open conversation would be read at once).
  await alice.goto("/messenger?view=inbox");
  for (const [url, answer] of [
    [withSubject, `Looking at INV-${id}`],
    [withoutSubject, `Count me in ${id}`],
  ] as const) {
    await bob.goto(url.replace(/view=\w+/, "view=inbox"));
    const reply = bob.getByRole("textbox", { name: "Message" });
    await reply.fill(answer);
    await reply.press("Enter");
    await expect(bob.getByRole("list", { name: "Conversation history" }).getByText(answer)).toBeVisible();
    // Shown at once, stored a moment later: leaving before would drop it.
    await expect(bob.getByText("Sending…")).toBeHidden();
  }

  // Answered, both are in Alice's Inbox, unread, each named by its subject or first line with
  // Bob's answer under it; they left her Sent, so each is counted once, as the badge counts it.
  await alice.reload();
  const inbox = alice.getByRole("region", { name: "Internal Inbox conversations" });
  await expect(
    inbox.getByRole("link", {
      name: new RegExp(`Bob Builder.*March invoice ${id}.*Bob: Looking at INV-${id}.*Unread`),
    }),
  ).toBeVisible();
  const lunch = inbox.getByRole("link", {
    name: new RegExp(`Bob Builder.*Lunch on Friday ${id}\\?.*Bob: Count me in ${id}.*Unread`),
  });
  await expect(lunch).toBeVisible();
  await expect(lunch).not.toContainText("The usual place");
  await expectNoAxeViolations(alice);
  await alice.goto("/messenger?view=sent");
  await expect(alice.getByRole("region", { name: "Internal Sent conversations" })).not.toContainText(id);
  await expect.poll(async () => (await sumOfViewCounts(alice)) - (await unreadOf(alice))).toBe(0);
  expect(await unreadOf(alice)).toBeGreaterThanOrEqual(2);
});

test("in a customer draft, @er picks Erin, and a new address is shown whole at phone size", async ({
  signIn,
}) => {
  const alice = await signIn("alice@acme.test");
  await alice.setViewportSize({ width: 360, height: 780 });
  await alice.goto("/messenger?view=open&draft=customer");
  const to = alice.getByRole("combobox", { name: "To" });
  await to.fill("@er");
  // Erin's name starts with "er"; Bob Builder only holds it. Enter takes the first row.
  await expect(alice.getByRole("option").first()).toContainText("Erin Evans");
  await to.press("Enter");
  await expect(alice.getByRole("button", { name: "Remove Erin Evans" })).toBeVisible();

  const address = `someone.with-a-long-name-${run()}@accounts.example-company.test`;
  await to.fill(address);
  const row = alice.getByRole("option", { name: /Add as a new customer/ });
  await expect(row).toContainText(address);
  const shown = row.getByText(address, { exact: true });
  // All of it on screen: wrapped, not cut, and the page still fits the phone.
  expect(await shown.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  expect((await row.boundingBox())?.width ?? 0).toBeGreaterThan(0);
  expect(await alice.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectNoAxeViolations(alice);
  await to.press("Enter");
  await expect(alice.getByRole("button", { name: `Remove ${address}` })).toBeVisible();
});
