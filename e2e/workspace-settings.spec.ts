import { randomUUID } from "node:crypto";
import { emailChoice, expect, test } from "./fixtures";

test("a member who opens any admin page is sent to her own settings or to the messenger", async ({
  signIn,
}) => {
  const carol = await signIn("carol@acme.test");
  for (const [page, to] of [
    ["/settings/workspace", "/settings/notifications"],
    ["/settings/team", "/settings/notifications"],
    ["/settings/chat-widget", "/settings/notifications"],
    ["/settings/people", "/messenger"],
    ["/customers", "/messenger"],
    [`/customers/${randomUUID()}`, "/messenger"],
  ] as const) {
    const response = await carol.goto(page);
    expect(response?.status(), page).toBe(200);
    expect(new URL(carol.url()).pathname, page).toBe(to);
  }
});

test("an admin turns Carol's email off on the Team page: Carol is told why, and it comes back on", async ({
  signIn,
}) => {
  const alice = await signIn("alice@acme.test");
  await alice.goto("/settings/team");
  const carolsEmail = alice.getByRole("checkbox", { name: "Email Carol Chen about messages" });
  await expect(carolsEmail).toBeChecked();
  // Each switch shows what the server saved: it flips once the answer is in.
  await carolsEmail.click();
  await expect(carolsEmail).not.toBeChecked();
  await alice.reload();
  await expect(alice.getByRole("checkbox", { name: "Email Carol Chen about messages" })).not.toBeChecked();

  const carol = await signIn("carol@acme.test");
  await carol.goto("/settings/notifications");
  await expect(carol.getByText(/An admin turned your email off/)).toBeVisible();

  await alice.getByRole("checkbox", { name: "Email Carol Chen about messages" }).click();
  await expect(alice.getByRole("checkbox", { name: "Email Carol Chen about messages" })).toBeChecked();
  await carol.reload();
  await expect(emailChoice(carol, "None")).toBeVisible();
  await expect(carol.getByText(/An admin turned your email off/)).toHaveCount(0);

  // Customer-facing: Carol is not, by the demo's set-up; the switch saves and holds.
  const facing = alice.getByRole("checkbox", { name: "Carol Chen is customer-facing" });
  const was = await facing.isChecked();
  await facing.click();
  await expect(facing).toBeChecked({ checked: !was });
  await alice.reload();
  await expect(alice.getByRole("checkbox", { name: "Carol Chen is customer-facing" })).toBeChecked({
    checked: !was,
  });
  await alice.getByRole("checkbox", { name: "Carol Chen is customer-facing" }).click();
  await expect(alice.getByRole("checkbox", { name: "Carol Chen is customer-facing" })).toBeChecked({
    checked: was,
  });
});

test("the workspace's default for a ticket's new message: Internal message opens a ticket's reply box on Note", async ({
  signIn,
}) => {
  const alice = await signIn("alice@acme.test");
  const ticket = async () => {
    await alice.goto("/items");
    await alice
      .getByRole("link", { name: /The March invoice shows the wrong total/ })
      .first()
      .click();
    await expect(alice).toHaveURL(/\/items\/\d+/);
    return alice.getByRole("tablist", { name: "Who sees this message" });
  };
  const choose = async (label: "Internal message" | "Reply to customer") => {
    await alice.goto("/settings/workspace");
    await alice.getByRole("radio", { name: label }).check();
    await alice.getByRole("button", { name: "Save changes" }).click();
    await expect(alice.locator("form").getByRole("status")).toHaveText("Saved");
    await alice.reload();
    await expect(alice.getByRole("radio", { name: label })).toBeChecked();
  };

  await choose("Internal message");
  try {
    await expect((await ticket()).getByRole("tab", { name: "Note" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
  } finally {
    // Other specs write replies on tickets.
    await choose("Reply to customer");
  }
  await expect((await ticket()).getByRole("tab", { name: "Reply" })).toHaveAttribute("aria-selected", "true");
});
