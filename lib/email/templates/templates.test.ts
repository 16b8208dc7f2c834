import { describe, expect, it } from "vitest";
import { fromHeader } from "../driver";
import { signInLinkEmail } from "./sign-in-link";
import { unseenMessagesEmail } from "./unseen-messages";

const line = (authorName: string, body: string) => ({ authorName, body, sentAt: new Date() });
const unseen = (messages: ReturnType<typeof line>[]) =>
  unseenMessagesEmail({
    workspaceName: "Acme <Support>",
    conversationUrl: "http://app.test/messenger/c/1",
    audience: { kind: "team", settingsUrl: "http://app.test/settings/notifications" },
    messages,
  });

describe("email templates", () => {
  it("name every sender, quote every message, and link back, in HTML and plain text", async () => {
    const email = await unseen([line("Bob", "one"), line("Bob", "two"), line("Carol", "three")]);
    expect(email.subject).toBe("3 new messages from Bob and Carol");
    expect(email.html.startsWith("<!DOCTYPE html")).toBe(true);
    for (const part of [email.html, email.text]) {
      for (const text of [
        "one",
        "two",
        "three",
        "http://app.test/messenger/c/1",
        "http://app.test/settings/notifications",
      ])
        expect(part).toContain(text);
    }
    expect(email.text).toContain("Bob:\none\n");
  });

  it("escape what people typed", async () => {
    const email = await unseen([line("<img src=x onerror=alert(1)>", "<script>alert(1)</script> & co")]);
    expect(email.subject).toBe("New message from <img src=x onerror=alert(1)>");
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<img");
    expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co");
    expect(email.html).toContain("Acme &lt;Support&gt;");
  });

  it("put the sign-in link in the button and in the text", async () => {
    const url = "http://app.test/api/auth/callback/email-link?token=t&email=a%40b.test";
    const email = await signInLinkEmail({ url, workspaceName: "Acme" });
    expect(email.text).toContain(url);
    expect(email.html).toContain(`href="${url.replace("&", "&amp;")}"`);
  });
});

describe("the From header", () => {
  it("puts the email's own name on the configured address, and no name can change the address", () => {
    const configured = "Acme Help <help@acme.test>";
    expect(fromHeader(configured)).toBe(configured);
    expect(fromHeader(configured, "Alice Admin via Acme Support")).toBe(
      '"Alice Admin via Acme Support" <help@acme.test>',
    );
    expect(fromHeader("help@acme.test", "Alice")).toBe('"Alice" <help@acme.test>');
    expect(fromHeader(configured, 'Eve" <eve@evil.test>\r\nBcc: x@y.z\u2028\u0085\t')).toBe(
      '"Eve eve@evil.testBcc: x@y.z" <help@acme.test>',
    );
    expect(fromHeader(configured, "x".repeat(200))).toBe(`"${"x".repeat(80)}" <help@acme.test>`);
    expect(fromHeader(configured, '"<>"')).toBe(configured);
  });
});
