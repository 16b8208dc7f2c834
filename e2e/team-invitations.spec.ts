import type { Page } from "@playwright/test";
import {
  clickUntil,
  emailsTo,
  expect,
  expectNoAxeViolations,
  firstLink,
  startConversationWith,
  test,
} from "./fixtures";

const pendingList = (page: Page) => page.getByRole("list", { name: "Pending invitations" });
const noPending = (page: Page) => page.getByText("No pending invitations.");

/** Alice, on the Team page, invites an address; the dialog closes and the invitation is listed. */
async function invite(alice: Page, address: string, role: "Admin" | "Member" = "Member") {
  const dialog = await clickUntil(
    alice.getByRole("button", { name: "Invite member" }),
    alice.getByRole("dialog", { name: "Invite a team member" }),
  );
  await dialog.getByLabel("Email").fill(address);
  await dialog.getByLabel("Role").selectOption({ label: role });
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog).toBeHidden();
  await expect(pendingList(alice).getByRole("listitem").filter({ hasText: address })).toBeVisible();
  // The toast says so, then goes (so that axe checks the page, not a toast fading in).
  const sent = alice.getByText(`Invitation sent to ${address}.`);
  await expect(sent).toBeVisible();
  await expect(sent).toBeHidden({ timeout: 15_000 });
}

/** The link of the newest of `count` invitation emails to an address, once it has come. */
async function invitationLink(address: string, count = 1) {
  await expect.poll(async () => (await emailsTo(address)).length, { timeout: 15_000 }).toBe(count);
  const email = (await emailsTo(address)).at(-1);
  expect(email?.subject).toBe("Alice Admin invited you to join Acme Support");
  const link = firstLink(email?.text ?? "");
  expect(link).toContain("/invite?token=");
  return link;
}

test.describe.configure({ mode: "serial" });

test("an admin invites a new member, who chooses a name and password, is signed in, and sees a conversation they are added to; the link works once", async ({
  signIn,
  newContext,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const address = `new-${run}@acme.test`;
  const name = `Nora ${run}`;
  const alice = await signIn("alice@acme.test");
  await alice.goto("/settings/notifications");
  await alice.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Team" }).click();
  await expect(alice.getByRole("heading", { name: "Team", level: 1 })).toBeVisible();
  await expect(noPending(alice)).toBeVisible();
  await invite(alice, address);
  await expect(noPending(alice)).toHaveCount(0);
  await expectNoAxeViolations(alice);

  const link = await invitationLink(address);
  const nora = await (await newContext()).newPage();
  await nora.goto(link);
  await expect(nora.getByRole("heading", { name: "Join Acme Support" })).toBeVisible();
  await expect(nora.locator("body")).toContainText(address);
  await expectNoAxeViolations(nora);
  await nora.getByLabel("Your name").fill(name);
  await nora.getByLabel("Password").fill("nora-password-1");
  await nora.getByRole("button", { name: "Join the team" }).click();
  await expect(nora).toHaveURL(/\/messenger/);

  // Alice adds Nora to a conversation; Nora sees it.
  const body = `Welcome aboard ${run}`;
  const conversation = await startConversationWith(alice, name, body);
  await nora.goto(new URL(conversation).pathname);
  await expect(nora.getByRole("list", { name: "Conversation history" }).getByText(body)).toBeVisible();

  // The link does not work a second time, for Nora or anyone else.
  const stranger = await (await newContext()).newPage();
  await stranger.goto(link);
  await expect(stranger.getByRole("heading", { name: "This invitation was already used" })).toBeVisible();
  await expect(stranger.getByRole("button", { name: "Join the team" })).toHaveCount(0);

  // On the Team page, Nora is a member now, and no longer pending.
  await alice.goto("/settings/team");
  await expect(noPending(alice)).toBeVisible();
  const members = alice.getByRole("list", { name: "Team members" });
  await expect(members.getByRole("listitem").filter({ hasText: name })).toContainText(address);
  await expect(alice.getByRole("button", { name: `Deactivate ${name}` })).toBeVisible();
  await expect(alice.getByRole("combobox", { name: `Role of ${name}` })).toHaveValue("member");
});

test("sending again replaces the link, revoking stops it, a taken address and the last admin are refused, and the page fits a phone", async ({
  signIn,
  newContext,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const address = `later-${run}@acme.test`;
  const alice = await signIn("alice@acme.test");
  await alice.goto("/settings/team");

  // An address with a team account is refused, in the dialog, in words.
  const dialog = await clickUntil(
    alice.getByRole("button", { name: "Invite member" }),
    alice.getByRole("dialog", { name: "Invite a team member" }),
  );
  await dialog.getByLabel("Email").fill("bob@acme.test");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog.getByRole("alert")).toHaveText(
    "bob@acme.test already has a team account. An address can belong to one team only.",
  );
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();

  await invite(alice, address, "Admin");
  const first = await invitationLink(address, 1);
  await alice.getByRole("button", { name: `Send again to ${address}` }).click();
  const resent = alice.getByText(
    `A new invitation is on its way to ${address}. The earlier link no longer works.`,
  );
  await expect(resent).toBeVisible();
  const second = await invitationLink(address, 2);
  expect(second).not.toBe(first);
  const visitor = await (await newContext()).newPage();
  await visitor.goto(first);
  await expect(visitor.getByRole("heading", { name: "This invitation no longer works" })).toBeVisible();
  await visitor.goto(second);
  await expect(visitor.getByRole("heading", { name: "Join Acme Support" })).toBeVisible();
  await expect(visitor.locator("body")).toContainText("as an admin");

  await expect(resent).toBeHidden({ timeout: 15_000 });

  // At 375 px: no sideways scroll, with the list and with the dialog open.
  await alice.setViewportSize({ width: 375, height: 812 });
  await expect(pendingList(alice)).toBeVisible();
  expect(await alice.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await alice.screenshot({ path: test.info().outputPath("team-375.png"), fullPage: true });
  await clickUntil(
    alice.getByRole("button", { name: "Invite member" }),
    alice.getByRole("dialog", { name: "Invite a team member" }),
  );
  expect(await alice.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expectNoAxeViolations(alice);
  await alice.keyboard.press("Escape");

  await alice.getByRole("button", { name: `Revoke the invitation to ${address}` }).click();
  const confirm = alice.getByRole("alertdialog", { name: `Revoke the invitation to ${address}?` });
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(confirm).toBeHidden();
  await expect(noPending(alice)).toBeVisible();
  await visitor.reload();
  await expect(visitor.getByRole("heading", { name: "This invitation no longer works" })).toBeVisible();

  // Alice, the only admin, cannot make herself a member.
  const role = alice.getByRole("combobox", { name: "Role of Alice Admin" });
  await role.selectOption("member");
  await expect(
    alice.getByText("A workspace needs at least one active admin. Make someone else an admin first."),
  ).toBeVisible();
  await expect(role).toHaveValue("admin");
});
