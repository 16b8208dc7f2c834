// Runs against the embedded server, which keeps the default limits (playwright.config.ts).
import { expect, startConversationWith, test } from "./fixtures";

test("someone sending faster than anyone can read is told how long to wait, and keeps what they typed", async ({
  signIn,
}) => {
  // Thirty-one sends, one after another: more than a minute on a busy machine.
  test.setTimeout(180_000);
  // Carol writes in no other test on this server: nothing else counts against her limit.
  const run = Math.random().toString(36).slice(2, 8);
  const carol = await signIn("carol@acme.test");
  await startConversationWith(carol, "Alice Admin", `Hello ${run}`);
  const history = carol.getByRole("list", { name: "Conversation history" });
  await expect(history.getByText(`Hello ${run}`)).toBeVisible();
  const box = carol.getByRole("textbox", { name: "Message" });

  // The limit counts per clock minute: the burst must not straddle two of them.
  const secondsLeft = 60 - new Date().getSeconds();
  if (secondsLeft < 30) await carol.waitForTimeout(secondsLeft * 1000 + 500);
  // 31 more, as fast as the composer takes them (Enter sends): the last is one too many.
  for (let n = 1; n <= 31; n++) {
    await box.fill(`Message ${n} ${run}`);
    await box.press("Enter");
  }
  const bubble = (n: number) => history.getByRole("listitem").filter({ hasText: `Message ${n} ${run}` });
  await expect(bubble(31).getByRole("alert")).toHaveText(
    /^Not sent: You are sending messages faster than anyone can read them\. Try again in \d+ seconds\.$/,
  );
  await expect(bubble(31).getByRole("button", { name: "Retry" })).toBeVisible();
  // The ones before it went (the 30th too, unless the first message fell in the same minute).
  await expect(bubble(29)).toBeVisible();
  await expect(bubble(29)).not.toContainText("Not sent");

  // A new conversation is refused the same way, and its draft keeps what she typed.
  await carol.goto("/messenger?view=sent&draft=user");
  const draft = carol.getByRole("region", { name: "New conversation" });
  await draft.getByRole("combobox", { name: "To" }).fill("@Alice");
  await carol.getByRole("option", { name: /Alice Admin/ }).click();
  await draft.getByRole("textbox", { name: "Message" }).fill(`Another thing ${run}`);
  await draft.getByRole("button", { name: "Create new conversation" }).click();
  await expect(draft.getByRole("alert")).toHaveText(
    /^You are sending messages faster than anyone can read them\. Try again in \d+ seconds\.$/,
  );
  await expect(draft.getByRole("textbox", { name: "Message" })).toHaveValue(`Another thing ${run}`);
  await expect(carol).toHaveURL(/draft=user/);
});
