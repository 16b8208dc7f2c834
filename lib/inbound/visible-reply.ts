import EmailReplyParser from "email-reply-parser";
import { convert } from "html-to-text";

/**
 * What someone wrote in a reply to a notification email, without the email they quote or their
 * signature: Gmail's "On … wrote:" and `>` lines, Outlook's "From: … Sent: …" block, Apple Mail's
 * "Sent from my iPhone". From the plain-text part, which every common client sends; from the HTML
 * part, as text, when there is none. Empty when they wrote nothing above the quote.
 */
export function visibleReply({ text, html }: { text?: string | null; html?: string | null }): string {
  const plain = text?.trim() ? text : html ? htmlAsText(html) : "";
  return (
    new EmailReplyParser()
      .parseReply(plain.replace(/\r\n?/g, "\n"))
      // An HTML part's empty <div><br></div> lines come out as runs of blank lines.
      .replace(/\n{3,}/g, "\n\n")
      .trim()
  );
}

/** The HTML part read as text: quotes (blockquote) become `>` lines, links and images their text only. */
export function htmlAsText(html: string) {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: "a", options: { ignoreHref: true } },
      { selector: "img", format: "skip" },
    ],
  });
}
