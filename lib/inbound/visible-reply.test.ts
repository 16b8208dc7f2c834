import { describe, expect, it } from "vitest";
import { replyFixtures } from "./fixtures/replies";
import { visibleReply } from "./visible-reply";

const ADDRESS = "reply+0123456789abcdefghjkmnpqrstvwxyz0123456789a@reply.acme.test";

describe("visibleReply", () => {
  for (const fixture of replyFixtures(ADDRESS)) {
    it(`keeps what ${fixture.client} puts above the quote, without the quote or the signature: from the text part`, () => {
      expect(visibleReply({ text: fixture.text, html: fixture.html })).toBe(fixture.reply);
    });
    if (fixture.html)
      it(`and from ${fixture.client}'s HTML part alone, when there is no text part`, () => {
        expect(visibleReply({ text: null, html: fixture.html })).toBe(fixture.reply);
      });
  }

  it("keeps a reply of several paragraphs whole, and its line breaks", () => {
    const reply = "First, the router.\nThen the modem.\n\nAnd thank you!";
    const [gmail] = replyFixtures(ADDRESS, { reply });
    expect(visibleReply({ text: gmail?.text, html: gmail?.html })).toBe(`${reply}\n\nDana`);
  });

  it("is empty when nothing was written above the quote, or there is no text at all", () => {
    const [gmail] = replyFixtures(ADDRESS, { reply: "" });
    expect(visibleReply({ text: gmail?.text.replace(/^\s*Dana\s*/m, ""), html: null })).toBe("");
    expect(visibleReply({ text: "", html: "" })).toBe("");
    expect(visibleReply({ text: null, html: null })).toBe("");
    expect(visibleReply({ text: "  \n\n", html: "<div><br></div>" })).toBe("");
  });
});
