// Reply by email (issue 21): Dana gets Alice's reply by email and answers it from her mail client.
// Resend receives it and calls the webhook, signed with Svix's own code; the app fetches the email
// from Resend's API (the fake's). Her answer shows live in Alice's messenger, marked "via email"
// with the whole original behind it, and Bob, who takes part, is told as for any message.
import { randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { Webhook } from "svix";
import type { FakeEmail } from "@/lib/email/fake-resend";
import { fakeResendURL, inboundEmailDomain, resendWebhookSecret } from "../playwright.config";
import { badge, emailsTo, expect, startWithDana, test, unreadOf } from "./fixtures";

const DANA = "dana@customer.test";

/** Resend's `email.received` webhook for an email the fake holds, signed with `secret`. */
function postWebhook(request: APIRequestContext, emailId: string, secret = resendWebhookSecret) {
  const payload = JSON.stringify({
    type: "email.received",
    created_at: new Date().toISOString(),
    data: {
      email_id: emailId,
      from: DANA,
      to: ["(fetched from the API)"],
      subject: "(fetched from the API)",
    },
  });
  const id = `msg_${randomUUID()}`;
  return request.post("/api/inbound/resend", {
    data: payload,
    headers: {
      "content-type": "application/json",
      "svix-id": id,
      "svix-timestamp": String(Math.floor(Date.now() / 1000)),
      "svix-signature": new Webhook(secret).sign(id, new Date(), payload),
    },
  });
}

test("Dana answers an email with Reply: it shows live in Alice's messenger, with its original, and Bob is told", async ({
  signIn,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const alice = await signIn("alice@acme.test");
  const bob = await signIn("bob@acme.test");
  const conversationId = await startWithDana(alice, `Your refund is on its way ${run}`);
  // Bob has seen the thread, and waits in his list.
  await bob.goto(`/messenger/c/${conversationId}`);
  await expect(bob.getByRole("list", { name: "Conversation history" })).toContainText(run);
  await bob.goto("/messenger?view=inbox");
  const bobsUnread = await unreadOf(bob);

  // Dana, not on the chat page, is emailed at once: with her own reply address.
  let email: FakeEmail | undefined;
  await expect
    .poll(
      async () => {
        email = (await emailsTo(DANA)).find((sent) => sent.text.includes(`Your refund is on its way ${run}`));
        return email;
      },
      { timeout: 30_000 },
    )
    .toBeDefined();
  const replyTo = String([email?.reply_to].flat()[0]);
  expect(replyTo).toMatch(new RegExp(`^reply\\+[0-9a-z]{45}@${inboundEmailDomain.replaceAll(".", "\\.")}$`));
  expect(email?.text).toContain("Reply to this email, or open the conversation.");
  expect(email?.headers?.References).toBe(`<thread-${conversationId}@acme.test>`);

  // Her mail client's reply, above the email it quotes, reaches Resend.
  const text = `Thanks, Thursday works for me ${run}\n\nDana\n\nOn Tue, Dec 1, 2026 at 10:04 AM Acme Help <${replyTo}> wrote:\n> ${email?.text.split("\n").join("\n> ")}\n`;
  const stored = await fetch(`${fakeResendURL}/__received`, {
    method: "POST",
    body: JSON.stringify({
      from: `Dana Diaz <${DANA}>`,
      to: [replyTo],
      subject: `Re: ${email?.subject}`,
      text,
      html: null,
      message_id: `<${randomUUID()}@mail.customer.test>`,
    }),
  });
  const { id: emailId } = (await stored.json()) as { id: string };

  // A webhook with another secret's signature is refused, and changes nothing.
  const forged = await postWebhook(
    alice.request,
    emailId,
    `whsec_${Buffer.from("not-the-secret").toString("base64")}`,
  );
  expect(forged.status()).toBe(401);

  const delivered = await postWebhook(alice.request, emailId);
  expect(delivered.status()).toBe(200);
  expect(await delivered.json()).toMatchObject({ outcome: "posted", conversationId });

  // Live in Alice's thread, without the quote, marked as come by email.
  const history = alice.getByRole("list", { name: "Conversation history" });
  await expect(history).toContainText(`Thanks, Thursday works for me ${run}`);
  await expect(history).not.toContainText("wrote:");
  // Bob is told as for any message: the thread is unread again in his badge, live.
  await expect(badge(bob, bobsUnread + 1)).toBeVisible();

  // Delivered again (Resend retries): one message.
  const again = await postWebhook(alice.request, emailId);
  expect(await again.json()).toEqual({ outcome: "duplicate" });
  await alice.reload();
  await expect(history.getByText(`Thanks, Thursday works for me ${run}`)).toHaveCount(1);

  // The whole original, quote and all, for the team.
  await history.getByRole("button", { name: "via email: show the original email" }).click();
  const original = alice.getByRole("dialog", { name: "Original email" });
  await expect(original).toContainText(DANA);
  await expect(original).toContainText(`Your refund is on its way ${run}`);
  await expect(original).toContainText("wrote:");
  // Not the credentials Dana's email quoted: her sign-in link's token, her reply address.
  await expect(original).not.toContainText("&t=");
  await expect(original).not.toContainText(replyTo);
  await alice.screenshot({ path: "test-results/reply-by-email-original.png" });
  await alice.keyboard.press("Escape");
  await expect(original).toBeHidden();
});
