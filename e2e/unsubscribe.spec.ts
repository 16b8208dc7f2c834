import type { FakeEmail } from "@/lib/email/fake-resend";
import {
  emailChoice,
  expect,
  expectNoAxeViolations,
  mentioning,
  setEmailDelay,
  startConversationWith,
  startWithDana,
  test,
} from "./fixtures";

/** The one-click link of a notification email: in its List-Unsubscribe header, and in its text. */
function unsubscribeLinkOf(email: FakeEmail | undefined) {
  expect(email?.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  const link = /^<(https?:\/\/[^>]+\/unsubscribe\/[^>]+)>$/.exec(
    email?.headers?.["List-Unsubscribe"] ?? "",
  )?.[1];
  if (!link) throw new Error(`no List-Unsubscribe link in ${JSON.stringify(email?.headers)}`);
  expect(email?.text).toContain(`Unsubscribe: ${link}`);
  return link;
}

test("a customer unsubscribes on the page their email's link opens, and subscribes again", async ({
  signIn,
  newContext,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test");
  // Dana is not on the chat page: the reply is emailed at once.
  await startWithDana(alice, `Unsubscribe me ${run}`);
  await expect
    .poll(() => mentioning("dana@customer.test", `Unsubscribe me ${run}`), { timeout: 15_000 })
    .toHaveLength(1);
  const link = unsubscribeLinkOf((await mentioning("dana@customer.test", `Unsubscribe me ${run}`))[0]);

  // Opened in a browser with no session, on a phone: it asks first, and changes nothing yet.
  const dana = await (await newContext()).newPage();
  await dana.setViewportSize({ width: 375, height: 720 });
  const opened = await dana.goto(link);
  await expect(dana).toHaveURL(/\/unsubscribe\/[^/]+\/confirm$/);
  expect(opened?.headers()["referrer-policy"]).toBe("no-referrer");
  await expect(dana.getByRole("heading", { name: "Emails from Acme Support" })).toBeVisible();
  await expect(dana.getByRole("status")).toContainText("You get an email at dana@customer.test");
  expect(await dana.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expectNoAxeViolations(dana);

  await dana.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(dana.getByRole("status")).toContainText("You will no longer get these emails");
  await expectNoAxeViolations(dana);
  await dana.reload();
  await expect(dana.getByRole("status")).toContainText("You will no longer get these emails");

  await dana.getByRole("button", { name: "Subscribe again" }).click();
  await expect(dana.getByRole("status")).toContainText("You are subscribed again");
  await dana.reload();
  await expect(dana.getByRole("button", { name: "Unsubscribe" })).toBeVisible();

  // An altered link changes nothing, and says so.
  await dana.goto(`${link}x`);
  await expect(dana.getByRole("heading", { name: "This link is not valid" })).toBeVisible();
  await expectNoAxeViolations(dana);
});

test("a mail client's one-click POST, with no cookies, turns Bob's email off, as his settings show", async ({
  signIn,
  request,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test");
  await setEmailDelay(alice, 2);
  await startConversationWith(alice, "Bob Builder", `One click ${run}`);
  await expect
    .poll(() => mentioning("bob@acme.test", `One click ${run}`), { timeout: 15_000 })
    .toHaveLength(1);
  const link = unsubscribeLinkOf((await mentioning("bob@acme.test", `One click ${run}`))[0]);

  // A forged link is refused and changes nothing; the genuine one answers 200, with no redirect.
  const forged = await request.post(`${link}x`, {
    form: { "List-Unsubscribe": "One-Click" },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(400);
  const bob = await signIn("bob@acme.test");
  await bob.goto("/settings/notifications");
  // Unsubscribing is the choice None; subscribing again, All messages.
  const allMessages = emailChoice(bob, "All messages");
  const none = emailChoice(bob, "None");
  await expect(allMessages).toBeChecked();

  const response = await request.post(link, { form: { "List-Unsubscribe": "One-Click" }, maxRedirects: 0 });
  expect(response.status()).toBe(200);
  expect(await response.text()).toBe("You will no longer get these emails.");
  await bob.reload();
  await expect(none).toBeChecked();

  // The link's page shows it, and undoes it.
  await bob.goto(link);
  await expect(bob.getByRole("status")).toContainText("You will no longer get these emails");
  await expect(bob.getByRole("link", { name: "Settings → Notifications" })).toBeVisible();
  await bob.getByRole("button", { name: "Subscribe again" }).click();
  await expect(bob.getByRole("status")).toContainText("You are subscribed again");
  await bob.goto("/settings/notifications");
  await expect(allMessages).toBeChecked();
});
