import { describe, expect, it } from "vitest";
import { formatUpcoming } from "@/lib/format-time";
import { pauseEnds, toLocalInput } from "./pause-ends";

describe("a pause chosen in one click", () => {
  const now = new Date(2026, 10, 30, 22, 15); // 30 November, 22:15 local time

  it("ends an hour on, or at 8:00 the next morning in the local clock", () => {
    expect(pauseEnds.oneHour(now)).toEqual(new Date(2026, 10, 30, 23, 15));
    expect(pauseEnds.tomorrowMorning(now)).toEqual(new Date(2026, 11, 1, 8, 0));
    // Just after midnight, "tomorrow" is still the next calendar day.
    expect(pauseEnds.tomorrowMorning(new Date(2026, 11, 1, 0, 5))).toEqual(new Date(2026, 11, 2, 8, 0));
  });

  it("fills a datetime-local field with the local time, to the minute", () => {
    expect(toLocalInput(new Date(2026, 0, 2, 3, 4, 59))).toBe("2026-01-02T03:04");
  });
});

describe("formatUpcoming", () => {
  const now = new Date("2026-11-30T10:00:00Z");
  it("says the time today, 'tomorrow at' tomorrow, and the day after that", () => {
    expect(formatUpcoming(new Date("2026-11-30T16:30:00Z"), now, "UTC")).toBe("4:30 PM");
    expect(formatUpcoming(new Date("2026-12-01T08:00:00Z"), now, "UTC")).toBe("tomorrow at 8:00 AM");
    expect(formatUpcoming(new Date("2026-12-04T09:00:00Z"), now, "UTC")).toBe(
      "Friday, December 4 at 9:00 AM",
    );
  });
});
