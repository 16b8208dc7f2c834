import { describe, expect, it } from "vitest";
import { editWindowInput, emailDelayInput } from "./duration-input";
import { formatDuration, parseDuration } from "./durations";

describe("the email delay, as people write it", () => {
  it("reads a plain number as seconds, as the field always did", () => {
    expect(["0", "60", " 90 ", "86400", "060"].map(parseDuration)).toEqual([0, 60, 90, 86_400, 60]);
  });

  it("reads units, short or long, alone or together", () => {
    const cases: Record<string, number> = {
      "90s": 90,
      "90 sec": 90,
      "45 seconds": 45,
      "1 min": 60,
      "5m": 300,
      "1 minute": 60,
      "2h": 7200,
      "2 hrs": 7200,
      "2 Hours": 7200,
      "1.5 h": 5400,
      ".5 min": 30,
      "1h30m": 5400,
      "1 hour 30 minutes": 5400,
      "1 hour, 30 minutes": 5400,
      "1 hour and 5 minutes": 3900,
      "1 minute 30 seconds": 90,
      "1h 1m 1s": 3661,
    };
    expect(Object.fromEntries(Object.keys(cases).map((text) => [text, parseDuration(text)]))).toEqual(cases);
  });

  it("is null for anything that is not a duration", () => {
    for (const text of [
      "",
      " ",
      "abc",
      "-5",
      "5 days",
      "1 30",
      "30m 1h",
      "1 min 1 min",
      "1e3",
      "h",
      "5 mi",
      "0x10",
    ])
      expect(parseDuration(text), text).toBeNull();
  });

  it("is shown back in words that read back to the same value", () => {
    const shown: Record<number, string> = {
      0: "0 seconds",
      1: "1 second",
      60: "1 minute",
      90: "1 minute 30 seconds",
      3600: "1 hour",
      5400: "1 hour 30 minutes",
      7200: "2 hours",
      3661: "1 hour 1 minute 1 second",
      86400: "24 hours",
    };
    for (const [seconds, words] of Object.entries(shown)) {
      expect(formatDuration(Number(seconds))).toBe(words);
      expect(parseDuration(words)).toBe(Number(seconds));
    }
  });

  it("accepts whole seconds from none to 24 hours, typed or as a number, with a message for the rest", () => {
    const parse = (value: unknown) => {
      const result = emailDelayInput.safeParse(value);
      return result.success ? result.data : result.error.issues[0]?.message;
    };
    expect([0, "90s", "24 h", "1.5 h", 60].map(parse)).toEqual([0, 90, 86_400, 5400, 60]);
    expect(parse("25 hours")).toBe("The delay can be at most 24 hours (86,400 seconds).");
    expect(parse(-1)).toBe("The delay cannot be negative.");
    expect(parse("1.5 s")).toBe("Use whole seconds: the delay cannot include a fraction of a second.");
    expect(parse("soon")).toBe("Enter a delay, such as 90 (seconds), 5 min or 2 hours.");
    expect(parse(Number.NaN)).toBe("Enter a delay, such as 90 (seconds), 5 min or 2 hours.");
    expect(parse(null)).toBe("Enter a delay, such as 90 (seconds), 5 min or 2 hours.");
  });
});

describe("the time to edit or delete a message", () => {
  it("accepts whole seconds from none to 7 days, with the same words for what it refuses", () => {
    const parse = (value: unknown) => {
      const result = editWindowInput.safeParse(value);
      return result.success ? result.data : result.error.issues[0]?.message;
    };
    expect([0, "15 min", "2 h", 604_800].map(parse)).toEqual([0, 900, 7200, 604_800]);
    expect(parse(604_801)).toBe("The time limit can be at most 7 days (604,800 seconds).");
    expect(parse(-5)).toBe("The time limit cannot be negative.");
    expect(parse("later")).toBe("Enter a time limit, such as 90 (seconds), 5 min or 2 hours.");
  });
});
