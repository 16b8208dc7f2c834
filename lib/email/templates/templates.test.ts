import { describe, expect, it } from "vitest";
import { fromHeader } from "../driver";
import { signInLinkEmail } from "./sign-in-link";
import { confirmSignUpEmail } from "./sign-up-emails";
import { teamInvitationEmail } from "./team-invitation";
import { unseenMessagesEmail } from "./unseen-messages";

const line = (authorName: string, body: string) => ({ authorName, body, sentAt: new Date() });
const unseen = (messages: ReturnType<typeof line>[]) =>
  unseenMessagesEmail({
    workspaceName: "Acme <Support>",
    conversationUrl: "http://app.test/messenger/c/1",
    audience: {
      kind: "team",
      settingsUrl: "http://app.test/settings/notifications",
      unsubscribeUrl: "http://app.test/unsubscribe/t0ken",
    },
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
        "http://app.test/unsubscribe/t0ken",
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

  it("put the invitation link in the button and the text, and escape the inviter's and workspace's names", async () => {
    const url = "http://app.test/invite?token=abc";
    const email = await teamInvitationEmail({
      url,
      workspaceName: "Acme <Support>",
      inviterName: "<b>Al</b>",
    });
    expect(email.subject).toBe("<b>Al</b> invited you to join Acme <Support>");
    expect(email.text).toContain(url);
    expect(email.text).toContain("expires in 7 days");
    expect(email.html).toContain(`href="${url}"`);
    expect(email.html).not.toContain("<b>Al</b>");
    expect(email.html).toContain("Acme &lt;Support&gt;");
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
      '"Eve eve@evil.test Bcc: x@y.z" <help@acme.test>',
    );
    expect(fromHeader(configured, "x".repeat(200))).toBe(`"${"x".repeat(80)}" <help@acme.test>`);
    expect(fromHeader(configured, '"<>"')).toBe(configured);
  });

  it("holds no override, isolate or hidden character, and no joiner left dangling by the cut", () => {
    const configured = "help@acme.test";
    expect(fromHeader(configured, "\u202eAcme\u2066 Support\u2069\u200b\ufeff\u00ad")).toBe(
      '"Acme Support" <help@acme.test>',
    );
    expect(fromHeader(configured, "\u202e\u200b\r\n")).toBe(configured);
    expect(fromHeader(configured, "Ada 👩‍💻 via Acme")).toBe('"Ada 👩‍💻 via Acme" <help@acme.test>');
    // Cut at 80 code points, 78 letters and "👩‍💻" (woman, joiner, laptop) would end in a joiner.
    expect(fromHeader(configured, `${"x".repeat(78)}👩‍💻`)).toBe(`"${"x".repeat(78)}👩" <help@acme.test>`);
  });
});

describe("names in emails", () => {
  it("are plain in the subject, the text and the HTML; message bodies keep their lines", async () => {
    const email = await unseenMessagesEmail({
      workspaceName: "Acme\u202e Support\r\n",
      conversationUrl: "http://app.test/messenger/c/1",
      audience: {
        kind: "team",
        settingsUrl: "http://app.test/settings/notifications",
        unsubscribeUrl: "http://app.test/unsubscribe/t0ken",
      },
      messages: [line("Eve\r\nBcc: x@y.test\u2067", "first line\nsecond line"), line("\u200b\u202e", "hi")],
    });
    expect(email.subject).toBe("2 new messages from Eve Bcc: x@y.test and Someone");
    expect(email.text).toContain("2 new messages from Eve Bcc: x@y.test and Someone in Acme Support:");
    expect(email.text).toContain("Eve Bcc: x@y.test:\nfirst line\nsecond line\n");
    for (const part of [email.html, email.text]) expect(part).not.toMatch(/[\u200b\u202e\u2067]/);
  });

  it("are plain in a sign-up confirmation", async () => {
    const email = await confirmSignUpEmail({
      url: "http://app.test/x",
      workspaceName: "Acme\u2067\r\nBcc: x@y.test",
    });
    expect(email.subject).toBe("Confirm your email to create Acme Bcc: x@y.test");
    expect(email.html).toContain("<strong>Acme Bcc: x@y.test</strong>");
  });

  it("are plain in a sign-in link's subject", async () => {
    const email = await signInLinkEmail({
      url: "http://app.test/x",
      workspaceName: "Acme\r\nBcc: x@y.test\u202e",
    });
    expect(email.subject).toBe("Your sign-in link for Acme Bcc: x@y.test");
    expect(email.text.startsWith("Sign in to Acme Bcc: x@y.test:\n")).toBe(true);
  });
});
