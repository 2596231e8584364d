import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "./format";

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
