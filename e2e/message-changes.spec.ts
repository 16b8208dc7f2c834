import type { Locator, Page } from "@playwright/test";
import {
  clickUntil,
  expect,
  expectNoAxeViolations,
  signInToChat,
  startConversationWith,
  test,
  writeToCustomer,
} from "./fixtures";

/** The message in a thread's history that says `text`. */
const messageSaying = (page: Page, text: string) =>
  page.getByRole("list", { name: "Conversation history" }).getByRole("listitem").filter({ hasText: text });

/** Message actions → `item` on the message that says `text`. */
async function chooseOnMessage(page: Page, text: string, item: "Edit" | "Delete") {
  const message = messageSaying(page, text);
  await message.hover();
  const menuItem = await clickUntil(
    message.getByRole("button", { name: "Message actions" }),
    page.getByRole("menuitem", { name: item }),
  );
  await menuItem.click();
}

async function edit(page: Page, text: string, into: string) {
  await chooseOnMessage(page, text, "Edit");
  const field = page.getByRole("textbox", { name: "Edit message" });
  await expect(field).toBeFocused();
  await field.fill(into);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(field).toBeHidden();
}

async function remove(page: Page, text: string) {
  await chooseOnMessage(page, text, "Delete");
  const dialog = page.getByRole("dialog", { name: "Delete this message?" });
  await expect(dialog).toBeVisible();
  await expectNoAxeViolations(page);
  await dialog.getByRole("button", { name: "Delete message" }).click();
  await expect(dialog).toBeHidden();
}

const deletedIn = (history: Locator) => history.getByText("This message was deleted");

test("Alice edits and deletes her messages while Bob has the conversation open, and Bob sees both at once", async ({
  signIn,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test");
  const url = await startConversationWith(alice, "Bob Builder", `Meet at 3pm ${run}`);
  await alice.getByRole("textbox", { name: "Message" }).fill(`Bring the slides ${run}`);
  await alice.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(messageSaying(alice, `Bring the slides ${run}`)).toBeVisible();

  const bob = await signIn("bob@acme.test");
  await bob.goto(url);
  const bobsHistory = bob.getByRole("list", { name: "Conversation history" });
  await expect(bobsHistory.getByText(`Meet at 3pm ${run}`)).toBeVisible();
  // Alice's messages are not Bob's to change, and he is no admin.
  await expect(
    messageSaying(bob, `Meet at 3pm ${run}`).getByRole("button", { name: "Message actions" }),
  ).toHaveCount(0);

  // The edit shows on Bob's open page without a reload, marked as edited.
  await edit(alice, `Meet at 3pm ${run}`, `Meet at 4pm ${run}`);
  await expect(bobsHistory.getByText(`Meet at 4pm ${run}`)).toBeVisible({ timeout: 5_000 });
  await expect(bobsHistory.getByText(`Meet at 3pm ${run}`)).toBeHidden();
  await expect(messageSaying(bob, `Meet at 4pm ${run}`).getByText("(edited)")).toBeVisible();

  // Escape leaves an edit unsaved.
  await chooseOnMessage(alice, `Bring the slides ${run}`, "Edit");
  await alice.getByRole("textbox", { name: "Edit message" }).fill("never saved");
  await alice.getByRole("textbox", { name: "Edit message" }).press("Escape");
  await expect(messageSaying(alice, `Bring the slides ${run}`)).toBeVisible();

  // The delete asks first, then shows in place for both.
  await remove(alice, `Bring the slides ${run}`);
  await expect(deletedIn(alice.getByRole("list", { name: "Conversation history" }))).toBeVisible();
  await expect(deletedIn(bobsHistory)).toBeVisible({ timeout: 5_000 });
  await expect(bobsHistory.getByText(`Bring the slides ${run}`)).toBeHidden();
  await expectNoAxeViolations(bob);
});

test("a customer edits and deletes her own messages on the chat page; the team's internal note and its edit never reach her", async ({
  signIn,
  newContext,
}) => {
  // Two people, a sign-in by emailed link, and six live updates.
  test.setTimeout(120_000);
  const run = Math.random().toString(36).slice(2, 8);
  // Erin, whose sign-in links are not spent by the other specs (an address may ask for a few per
  // 15 minutes). She signs in before the conversation starts, so that her page is open when it comes.
  const erin = await (await newContext()).newPage();
  await signInToChat(erin, "erin@customer.test");
  const alice = await signIn("alice@acme.test");
  const conversationId = await writeToCustomer(alice, "Erin", `How can we help? ${run}`);
  await erin.goto(`/chat/acme/c/${conversationId}`);
  const erinsHistory = erin.getByRole("list", { name: "Conversation history" });
  await expect(erinsHistory.getByText(`How can we help? ${run}`)).toBeVisible();
  // The team's message is not hers to change.
  await expect(
    messageSaying(erin, `How can we help? ${run}`).getByRole("button", { name: "Message actions" }),
  ).toHaveCount(0);

  await erin.getByRole("textbox", { name: "Message" }).fill(`My order is 1234 ${run}`);
  await erin.getByRole("button", { name: "Send" }).click();
  await expect(erinsHistory.getByText(`My order is 1234 ${run}`)).toBeVisible();
  const alicesHistory = alice.getByRole("list", { name: "Conversation history" });
  await expect(alicesHistory.getByText(`My order is 1234 ${run}`)).toBeVisible({ timeout: 5_000 });

  await edit(erin, `My order is 1234 ${run}`, `My order is 4321 ${run}`);
  await expect(alicesHistory.getByText(`My order is 4321 ${run}`)).toBeVisible({ timeout: 5_000 });

  // An internal note, edited: Erin sees neither.
  await alice.getByRole("tab", { name: "Note" }).click();
  await alice.getByRole("textbox", { name: "Message" }).fill(`NOTE check order ${run}`);
  await alice.getByRole("button", { name: "Send" }).click();
  await edit(alice, `NOTE check order ${run}`, `NOTE order checked ${run}`);
  await expect(alicesHistory.getByText(`NOTE order checked ${run}`)).toBeVisible();

  await remove(erin, `My order is 4321 ${run}`);
  await expect(deletedIn(erinsHistory)).toBeVisible();
  await expect(deletedIn(alicesHistory)).toBeVisible({ timeout: 5_000 });
  await erin.reload();
  await expect(deletedIn(erinsHistory)).toBeVisible();
  await expect(erin.locator("body")).not.toContainText("NOTE");
  await expectNoAxeViolations(erin);
});
