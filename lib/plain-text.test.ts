import { describe, expect, it } from "vitest";
import { plainText, plainTextInput, plainTextOr } from "./plain-text";

const hex = (text: string) => [...text].map((char) => `U+${char.codePointAt(0)?.toString(16).toUpperCase()}`);
const chars = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => String.fromCodePoint(from + index));
const ZWJ = "\u200d";

describe("plainText removes what hides, reorders or breaks a line", () => {
  it.each([
    ["C0 controls, NUL first", chars(0x00, 0x08)],
    ["more C0 controls", chars(0x0e, 0x1f)],
    ["DEL and the C1 controls", chars(0x7f, 0x84)],
    ["the rest of C1", chars(0x86, 0x9f)],
    ["bidirectional embeddings and overrides (Cf)", chars(0x202a, 0x202e)],
    ["bidirectional isolates (Cf)", chars(0x2066, 0x2069)],
    ["zero-width space, non-joiner, marks (Cf)", ["\u200b", "\u200c", "\u200e", "\u200f"]],
    [
      "the arabic letter mark, word joiner and invisible operators (Cf)",
      ["\u061c", ...chars(0x2060, 0x2064)],
    ],
    ["the byte order mark, soft hyphen and Mongolian vowel separator (Cf)", ["\ufeff", "\u00ad", "\u180e"]],
    ["tag characters (Cf)", chars(0xe0001, 0xe0001).concat(chars(0xe0020, 0xe007f))],
    ["private use (Co)", ["\ue000", "\uf8ff", "\u{f0000}", "\u{10fffd}"]],
    ["lone surrogates (Cs)", ["\ud800", "\udbff", "\udc00", "\udfff"]],
    ["unassigned code points (Cn)", ["\u0378", "\ufdd0", "\uffff", "\u{10ffff}"]],
  ])("%s", (_, hidden) => {
    for (const char of hidden) expect(hex(plainText(`Ali${char}ce`)), hex(char).join()).toEqual(hex("Alice"));
  });

  it("removes every code point of category C, but the joiner between emoji", () => {
    const categoryC = /^\p{C}$/u;
    const hidden: string[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      // Surrogates are tested alone above: side by side, a high and a low one make a real character.
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      if (categoryC.test(char)) hidden.push(char);
    }
    expect(hidden.length).toBeGreaterThan(900_000);
    // Space-like controls (tab, newlines) become a space, collapsed with the others and trimmed.
    expect(plainText(`a${hidden.join("")}b`)).toMatch(/^a ?b$/);
  });

  it("turns line breaks, tabs and every kind of space into one space, and trims", () => {
    expect(plainText("Eve\r\nBcc: x@y.test")).toBe("Eve Bcc: x@y.test");
    expect(plainText("\t Alice \n\n Smith \u2028\u2029\u0085\v\f")).toBe("Alice Smith");
    for (const space of ["\u00a0", "\u1680", ...chars(0x2000, 0x200a), "\u202f", "\u205f", "\u3000"])
      expect(plainText(`Alice${space}Smith`), hex(space).join()).toBe("Alice Smith");
    expect(plainText("Alice \u200b Smith")).toBe("Alice Smith");
    expect(plainText("\u202e \u2066 ")).toBe("");
  });

  it("shows a name that was disguised as what it is", () => {
    // "Invoice\u202Efdp.exe" displays as "Invoiceexe.pdf"; the override gone, the real order shows.
    expect(plainText("Invoice\u202efdp.exe")).toBe("Invoicefdp.exe");
    expect(plainText("\u2067Support\u2069 Team")).toBe("Support Team");
    expect(plainText("Al\u200bice")).toBe("Alice");
  });
});

describe("plainText keeps what people write", () => {
  it.each([
    "Zoë Ångström",
    "José Nuñez-Ortiz",
    "e\u0301mile", // a combining accent (Mn) is a letter's part, not a hidden character
    "山田太郎",
    "김민수",
    "محمد علي",
    "דוד כהן",
    "देवनागरी",
    "O'Brien & Sons (Support)",
    "Alice 🙂",
    "🇫🇷 Équipe",
    "1️⃣ Support",
  ])("%s", (name) => {
    expect(plainText(name)).toBe(name);
  });

  // Kept, as the one exception: a joiner between two emoji only joins pictures into one. Anywhere
  // else it goes, like every other format character.
  it.each([
    ["👩‍💻", "woman technologist"],
    ["👩🏽‍💻", "with a skin tone"],
    ["👨‍👩‍👧", "family"],
    ["🏳️‍🌈", "rainbow flag (variation selector before the joiner)"],
    ["🏃🏽‍♀️", "woman running, skin tone"],
    ["❤️‍🔥", "heart on fire"],
  ])("keeps the emoji sequence %s (%s)", (emoji) => {
    expect(emoji).toContain(ZWJ);
    expect(plainText(`Ada ${emoji}`)).toBe(`Ada ${emoji}`);
  });

  it("drops a joiner that does not sit between two emoji", () => {
    expect(plainText(`Ali${ZWJ}ce`)).toBe("Alice");
    expect(plainText(`👩${ZWJ}`)).toBe("👩");
    expect(plainText(`${ZWJ}💻`)).toBe("💻");
    expect(plainText(`👩${ZWJ}a`)).toBe("👩a");
    expect(plainText(`👩${ZWJ}\u202e💻`)).toBe("👩💻");
  });

  it("is idempotent", () => {
    for (const text of ["  a \u202e b\r\n", `👩${ZWJ}\u200b${ZWJ}💻`, "Zoë 👩‍💻 \u3000 x"])
      expect(plainText(plainText(text))).toBe(plainText(text));
  });

  it("falls back when nothing visible is left", () => {
    expect(plainTextOr("\u202e\u200b \r\n", "Someone")).toBe("Someone");
    expect(plainTextOr(null, "Someone")).toBe("Someone");
    expect(plainTextOr(" Bob\n", "Someone")).toBe("Bob");
  });
});

describe("plainTextInput", () => {
  const name = plainTextInput({ label: "your name", max: 10 });
  const workspaceName = plainTextInput({ label: "your workspace's name", min: 2, max: 80 });
  const messageOf = (result: { error?: { issues: { message: string }[] } }) =>
    result.error?.issues.map((issue) => issue.message);

  it("gives back the clean text", () => {
    expect(name.parse("  Eve\r\nBcc\u202e ")).toBe("Eve Bcc");
  });

  it("refuses a name that is empty once cleaned, saying what to do", () => {
    expect(messageOf(name.safeParse("\u202e\u200b\r\n"))).toEqual(["Enter your name."]);
    expect(messageOf(name.safeParse(""))).toEqual(["Enter your name."]);
    expect(messageOf(name.safeParse(undefined))).toEqual(["Enter your name."]);
    expect(messageOf(workspaceName.safeParse("A\u200b"))).toEqual([
      "Enter at least 2 characters for your workspace's name.",
    ]);
  });

  it("measures the clean text, so hidden characters neither pad nor stretch it", () => {
    expect(name.parse(`Alice${"\u200b".repeat(50)}`)).toBe("Alice");
    expect(messageOf(name.safeParse("x".repeat(11)))).toEqual(["Use at most 10 characters for your name."]);
  });
});
