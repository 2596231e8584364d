import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatDuration } from "./format";

describe("formatDateTime", () => {
  it("shows a date and time in UTC, whatever the machine's zone", () => {
    expect(formatDateTime(new Date("2025-03-04T05:06:07Z"))).toBe("2025-03-04 05:06 UTC");
    expect(formatDateTime("2025-12-31T23:59:59.999Z")).toBe("2025-12-31 23:59 UTC");
  });

  it("shows a placeholder for a missing or broken date", () => {
    expect(formatDateTime(null)).toBe("—");
    expect(formatDateTime(undefined, "Never")).toBe("Never");
    expect(formatDateTime("not a date")).toBe("—");
  });

  it("formatDate keeps only the day", () => {
    expect(formatDate(new Date("2025-03-04T23:06:07Z"))).toBe("2025-03-04");
    expect(formatDate(null, "Never")).toBe("Never");
  });
});

describe("formatDuration", () => {
  it("reads milliseconds and ISO-8601 durations alike", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration("PT0.532S")).toBe("532 ms");
    expect(formatDuration("PT12.4S")).toBe("12.4 s");
    expect(formatDuration(3.456 * 1000)).toBe("3.46 s");
    expect(formatDuration(185_000)).toBe("3 min 05 s");
    expect(formatDuration("PT2H4M")).toBe("2 h 04 min");
  });

  it("shows a placeholder for what is not a duration", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration("P1D")).toBe("—");
    expect(formatDuration(-5)).toBe("—");
  });
});
