import { describe, expect, it } from "vitest";
import { highlight, searchTerms, snippet } from "./search-terms";

describe("searchTerms", () => {
  it("keeps only words, lower-cased, the last one a prefix, and reads an item number", () => {
    expect(searchTerms("Refund & (INVOICE):* !")).toEqual({
      words: ["refund", "invoice"],
      tsquery: "refund & invoice:*",
      itemNumber: null,
    });
    expect(searchTerms(" #12 ")).toMatchObject({ words: ["12"], itemNumber: 12 });
    expect(searchTerms("&|!():*")).toBeNull();
  });
});

describe("highlight and snippet", () => {
  it("mark whole words typed before the last, and words starting with the last", () => {
    const segments = highlight("Invoices: the invoice, invoiced.", ["invoice", "inv"]);
    expect(segments.filter((s) => s.match).map((s) => s.text)).toEqual(["Invoices", "invoice", "invoiced"]);
    const exact = highlight("Invoices: the invoice.", ["invoice", "the"]);
    expect(exact.filter((s) => s.match).map((s) => s.text)).toEqual(["the", "invoice"]);
  });

  it("cut long text around its first match, with an ellipsis where it was cut", () => {
    const body = `${"lorem ".repeat(40)}kumquat ${"ipsum ".repeat(40)}`;
    const cut = snippet(highlight(body, ["kumquat"]), 100);
    const text = cut.map((s) => s.text).join("");
    expect(text.startsWith("…")).toBe(true);
    expect(text.endsWith("…")).toBe(true);
    expect(cut.filter((s) => s.match).map((s) => s.text)).toEqual(["kumquat"]);
    expect(text.length).toBeLessThanOrEqual(102);
  });
});
