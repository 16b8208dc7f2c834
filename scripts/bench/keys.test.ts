import { describe, expect, it } from "vitest";
import { committedFigures, regressions } from "./keys";

const markdown = `
Some prose | with a pipe.

| key | what | small | default | large |
|---|---|---|---|---|
| \`send_per_s\` | sends a second | 1,200 | 900 | 850 |
| \`inbox_query_p95_ms\` | the Inbox's query | 1.5 | 2.0 | 2.2 |
| \`drain_429s\` | rate-limit answers | 0 | 0 | 0 |
| \`chat_js_kb\` | the chat page's JavaScript | — | 110 | 110 |
`;

describe("the benchmark's guard against regressions", () => {
  it("reads one scale's column of BENCHMARKS.md's table, skipping what it does not hold", () => {
    expect(Object.fromEntries(committedFigures(markdown, "small"))).toEqual({
      send_per_s: 1200,
      inbox_query_p95_ms: 1.5,
      drain_429s: 0,
    });
    expect(committedFigures(markdown, "large").get("chat_js_kb")).toBe(110);
  });

  it("lets noise inside 2× pass, either way round", () => {
    expect(
      regressions(
        { send_per_s: 601, inbox_query_p95_ms: 2.9, drain_429s: 0, chat_js_kb: 500 },
        markdown,
        "small",
      ),
    ).toEqual([]);
  });

  it("fails a figure more than twice as bad: slower, heavier, fewer a second, or any rate-limit answer", () => {
    const failures = regressions(
      { send_per_s: 599, inbox_query_p95_ms: 3.1, drain_429s: 1 },
      markdown,
      "small",
    );
    expect(failures).toHaveLength(3);
    expect(failures[0]).toMatch(/^send_per_s: 599, against 1200/);
  });

  it("refuses a BENCHMARKS.md without the table or the scale", () => {
    expect(() => committedFigures("no table here", "small")).toThrow(/no table/);
    expect(() => committedFigures(markdown, "huge")).toThrow(/no huge column/);
  });
});
